// A hash of everything `next build` reads from the repository, so `npm run demo` can tell whether
// the build in .next is of these sources and skip rebuilding when it is.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .filter((name) => name !== "node_modules")
    .flatMap((name) => filesUnder(root, relative(root, join(full, name))));
}

/** SHA-256 over the sorted paths and contents of the build inputs under `root`. */
export function sourceHash(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const hash = createHash("sha256");
  const files = inputs.flatMap((input) => filesUnder(root, input)).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

// The stamp names the build it vouches for: a later `npm run build` of other sources writes a new
// BUILD_ID, so an old stamp can never vouch for it.
function stampPath(root: string): string {
  return join(root, ".next", "goldset-source-hash");
}

function stampFor(root: string, hash: string): string | null {
  const buildId = join(root, ".next", "BUILD_ID");
  return existsSync(buildId) ? `${hash} ${readFileSync(buildId, "utf8").trim()}` : null;
}

/** True when .next holds a build made by `stampBuild` from sources with this hash. */
export function isBuildCurrent(root: string, hash: string): boolean {
  const expected = stampFor(root, hash);
  return expected !== null && existsSync(stampPath(root)) && readFileSync(stampPath(root), "utf8").trim() === expected;
}

/** Records, after a successful build, which sources it was made from. */
export function stampBuild(root: string, hash: string): void {
  const stamp = stampFor(root, hash);
  if (!stamp) throw new Error(`no .next/BUILD_ID under ${root}: the build did not finish`);
  writeFileSync(stampPath(root), `${stamp}\n`);
}
