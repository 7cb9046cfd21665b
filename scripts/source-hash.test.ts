import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isBuildCurrent, sourceHash, stampBuild } from "./source-hash";

let root: string;

function write(path: string, text: string) {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "goldset-source-hash-"));
  write("app/page.tsx", "export default 1;");
  write("lib/a.ts", "export const a = 1;");
  write("package.json", "{}");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("sourceHash", () => {
  it("is stable for the same sources and changes with a file's content, a new file or a renamed one", () => {
    const first = sourceHash(root);
    expect(sourceHash(root)).toBe(first);
    write("lib/a.ts", "export const a = 2;");
    const edited = sourceHash(root);
    expect(edited).not.toBe(first);
    write("lib/b.ts", "");
    expect(sourceHash(root)).not.toBe(edited);
    rmSync(join(root, "lib/b.ts"));
    expect(sourceHash(root)).toBe(edited);
    rmSync(join(root, "lib/a.ts"));
    write("lib/c.ts", "export const a = 2;");
    expect(sourceHash(root)).not.toBe(edited);
  });

  it("ignores files outside the build inputs and node_modules", () => {
    const before = sourceHash(root);
    write("e2e/x.spec.ts", "test");
    write("lib/node_modules/pkg/index.js", "x");
    expect(sourceHash(root)).toBe(before);
  });
});

describe("isBuildCurrent", () => {
  it("holds only for the build stamped with the same sources, and not after another build", () => {
    const hash = sourceHash(root);
    expect(isBuildCurrent(root, hash)).toBe(false);
    write(".next/BUILD_ID", "build-1");
    expect(isBuildCurrent(root, hash)).toBe(false);
    stampBuild(root, hash);
    expect(isBuildCurrent(root, hash)).toBe(true);
    write("lib/a.ts", "changed");
    expect(isBuildCurrent(root, sourceHash(root))).toBe(false);
    write("lib/a.ts", "export const a = 1;");
    expect(isBuildCurrent(root, sourceHash(root))).toBe(true);
    // `npm run build` ran in between (of whatever sources): the stamp no longer vouches for .next.
    write(".next/BUILD_ID", "build-2");
    expect(isBuildCurrent(root, hash)).toBe(false);
  });
});
