import { describe, expect, it } from "vitest";
import { newEntityTypeRow, spanProjectFields } from "./span-project-input";

describe("spanProjectFields", () => {
  it("sends entity types with kind, colour and hotkey, item labels with kind item, and the spans options", () => {
    const fields = spanProjectFields({
      entityTypes: [
        { name: " person ", color: "#2563eb", hotkey: "1" },
        { name: "place", color: "#dc2626", hotkey: "P" },
        { name: "", color: "#16a34a", hotkey: "3" },
        { name: "date", color: "#16a34a", hotkey: " " },
      ],
      itemLabels: "relevant, off-topic,",
      characterLevel: true,
      allowOverlap: false,
    });
    expect(fields).toEqual({
      labels: [
        { name: "person", kind: "entity", color: "#2563eb", hotkey: "1" },
        { name: "place", kind: "entity", color: "#dc2626", hotkey: "p" },
        { name: "date", kind: "entity", color: "#16a34a", hotkey: null },
        { name: "relevant", kind: "item", hotkey: null },
        { name: "off-topic", kind: "item", hotkey: null },
      ],
      spans: { characterLevel: true, allowOverlap: false },
    });
  });

  it("gives a new row the next free digit and the next colour", () => {
    const first = newEntityTypeRow([]);
    expect(first).toEqual({ name: "", color: "#2563eb", hotkey: "1" });
    expect(newEntityTypeRow([{ ...first, hotkey: "2" }, { ...first, hotkey: "1" }])).toEqual({ name: "", color: "#16a34a", hotkey: "3" });
  });
});
