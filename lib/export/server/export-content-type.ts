import "server-only";

// The media type an export file is served with, by its extension. JSON Lines is not JSON (a file
// of several documents fails JSON.parse), so it goes out as NDJSON, the type tools expect for it.
const BY_EXTENSION: Record<string, string> = {
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
};

export function exportFileContentType(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return (dot >= 0 ? BY_EXTENSION[fileName.slice(dot).toLowerCase()] : undefined) ?? "text/plain; charset=utf-8";
}
