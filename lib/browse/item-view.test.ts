import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { itemViewQuery, parseItemView } from "./item-view";

describe("parseItemView and itemViewQuery", () => {
  it("reads every filter, the sort and the cursor from a query string, and writes the same string back", () => {
    const query = "status=in_review&label=spam&anyLabel=ham&annotator=u-7&batch=12&q=free+prize&sort=agreement&after=0.6666666666666666_42";
    const view = parseItemView(new URLSearchParams(query));
    expect(view).toEqual({
      status: "in_review",
      finalLabel: "spam",
      anyLabel: "ham",
      annotator: "u-7",
      batch: 12,
      search: "free prize",
      sort: "agreement",
      after: { key: 0.6666666666666666, id: 42 },
    });
    expect(itemViewQuery(view)).toBe(query);
  });

  it("reads the exclusion filter as yes, no or either, and writes it back", () => {
    expect(parseItemView(new URLSearchParams("excluded=yes")).excluded).toBe(true);
    expect(parseItemView(new URLSearchParams("excluded=no")).excluded).toBe(false);
    expect(parseItemView(new URLSearchParams("excluded=")).excluded).toBeUndefined();
    expect(itemViewQuery({ sort: "id", status: "labelled", excluded: false })).toBe("status=labelled&excluded=no");
    expect(() => parseItemView(new URLSearchParams("excluded=maybe"))).toThrow(ZodError);
  });

  it("treats empty fields, as a submitted form sends them, as no filter", () => {
    expect(parseItemView(new URLSearchParams("status=&label=&anyLabel=&annotator=&batch=&q=%20&sort=&after="))).toEqual({ sort: "id" });
    expect(itemViewQuery({ sort: "id" })).toBe("");
  });

  it("refuses an unknown status, a batch that is no number and a forged cursor, naming each", () => {
    const bad = () => parseItemView(new URLSearchParams("status=pending&batch=x&after=1;drop"));
    expect(bad).toThrow(ZodError);
    try {
      bad();
    } catch (error) {
      const fields = (error as ZodError).issues.map((i) => i.path.join("."));
      expect(fields.sort()).toEqual(["after", "batch", "status"]);
    }
  });
});
