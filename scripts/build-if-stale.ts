// `npm run demo` step: run `next build` only when .next holds no build of the current sources.
// Building takes over a minute on a small machine; starting from a current build, a second.
import { spawnSync } from "node:child_process";
import { isBuildCurrent, sourceHash, stampBuild } from "./source-hash";

const root = process.cwd();

if (isBuildCurrent(root, sourceHash(root))) {
  console.log("Goldset: the build in .next is of these sources; not rebuilding.");
} else {
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // Hashed after the build, in case `next build` rewrote one of its inputs (it may edit tsconfig.json).
  stampBuild(root, sourceHash(root));
}
