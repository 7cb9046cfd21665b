/**
 * What tells two versions of a model file apart without reading it: the server labels each
 * response from the file's size and modification time, and the browser's model file cache keeps a
 * copy only while the label it stored still equals the server's. Hashing the content would be
 * exact but costs a full read of up to ~90 MB on every check; size plus mtime changes whenever a
 * model is replaced by copying, pulling or regenerating it, which is how models change.
 */

/** A weak ETag (it names the file's metadata, not its bytes), e.g. W/"15b8f28-18c2f1a4e70". */
export function modelFileEtag(size: number, modified: Date): string {
  return `W/"${Math.floor(size).toString(16)}-${Math.floor(modified.getTime()).toString(16)}"`;
}

interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Whether a stored response and the server's current answer describe the same file version: equal
 * ETags, or, where either lacks one, equal Last-Modified and Content-Length. Without any of
 * these the answer is no, so an unlabelled file is downloaded again rather than trusted.
 */
export function sameModelFileVersion(stored: HeaderSource, current: HeaderSource): boolean {
  const storedEtag = stored.get("etag");
  const currentEtag = current.get("etag");
  if (storedEtag && currentEtag) return storedEtag === currentEtag;
  const storedModified = stored.get("last-modified");
  const storedLength = stored.get("content-length");
  return (
    storedModified !== null &&
    storedLength !== null &&
    storedModified === current.get("last-modified") &&
    storedLength === current.get("content-length")
  );
}
