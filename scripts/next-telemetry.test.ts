import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const distDir = mkdtempSync(join(tmpdir(), "goldset-telemetry-"));
afterAll(() => rmSync(distDir, { recursive: true, force: true }));

/** Loads next.config.mjs the way `next build` and `next start` do, then asks Next's own telemetry whether it is off. */
function telemetryDisabledAfterConfig(value: string | undefined): string {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "1" };
  delete env.NEXT_TELEMETRY_DISABLED;
  if (value !== undefined) env.NEXT_TELEMETRY_DISABLED = value;
  const script = `
    await import(${JSON.stringify(join(root, "next.config.mjs"))});
    const { Telemetry } = (await import("next/dist/telemetry/storage.js")).default;
    console.log(String(new Telemetry({ distDir: ${JSON.stringify(distDir)} }).isDisabled));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  // An enabled telemetry prints its notice first: the answer is the last line.
  return run.stdout.trim().split("\n").at(-1)!;
}

describe("Next.js telemetry", () => {
  it("is off once the app's config is loaded, without the user setting anything", () => {
    expect(telemetryDisabledAfterConfig(undefined)).toBe("true");
  });

  it("stays the user's choice when they set the variable, even to opt in", () => {
    expect(telemetryDisabledAfterConfig("")).toBe("false");
  });

  it("is off in the dev server's outer process too, which never reads next.config.mjs", () => {
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.dev).toBe("NEXT_TELEMETRY_DISABLED=1 next dev");
  });
});
