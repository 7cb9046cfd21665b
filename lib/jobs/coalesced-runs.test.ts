import { describe, expect, it } from "vitest";
import { isRunning, runCoalesced } from "./coalesced-runs";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("runCoalesced", () => {
  it("runs once at a time and folds requests made meanwhile into one follow-up", async () => {
    const first = gate();
    let runs = 0;
    const task = async () => {
      runs++;
      const run = runs;
      if (run === 1) await first.opened;
      return run;
    };
    const a = runCoalesced("p1", task);
    await Promise.resolve();
    expect(isRunning("p1")).toBe(true);
    const b = runCoalesced("p1", task);
    const c = runCoalesced("p1", task);
    expect(runs).toBe(1);
    first.open();
    expect(await a).toBe(1);
    expect(await b).toBe(2);
    expect(await c).toBe(2);
    expect(runs).toBe(2);
    expect(isRunning("p1")).toBe(false);
  });

  it("keeps projects apart and survives a failing run", async () => {
    const failing = runCoalesced("p2", async () => {
      throw new Error("boom");
    });
    const other = runCoalesced("p3", async () => "fine");
    const after = runCoalesced("p2", async () => "recovered");
    await expect(failing).rejects.toThrow("boom");
    expect(await other).toBe("fine");
    expect(await after).toBe("recovered");
    expect(isRunning("p2")).toBe(false);
  });
});
