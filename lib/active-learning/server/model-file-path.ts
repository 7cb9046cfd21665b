/**
 * Maps a /models/... URL path to a file inside the models directory, or to nothing. Hidden names,
 * "..", empty segments and separators inside a segment are refused before touching the disk, and
 * the real path (symbolic links resolved) must still lie inside the directory's real path.
 */
import "server-only";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";

export async function resolveModelFile(modelsDir: string, segments: readonly string[]): Promise<{ file: string; size: number; modified: Date } | null> {
  if (segments.length === 0 || segments.some((s) => s === "" || s.startsWith(".") || /[\\/\0]/.test(s))) return null;
  const root = path.resolve(modelsDir);
  let realRoot: string;
  let file: string;
  try {
    realRoot = await realpath(root);
    file = await realpath(path.join(root, ...segments));
  } catch {
    return null;
  }
  const relative = path.relative(realRoot, file);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  const info = await stat(file);
  return info.isFile() ? { file, size: info.size, modified: info.mtime } : null;
}
