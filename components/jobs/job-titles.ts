// What each kind of background job is called on the lead's screens; a kind this build does not
// name (a newer instance's) shows as its own identifier.
const TITLES: Record<string, string> = {
  retrain: "Retrain and re-rank the queue",
  "dawid-skene-refit": "Dawid–Skene refit",
  "llm-run": "LLM pre-labelling run",
  "item-import": "Item import",
  "export-snapshot": "Export snapshot",
  "export-files": "Export files",
  "agreement-snapshot": "Agreement snapshot",
  "bulk-items": "Bulk action on items",
  "import-drift": "Drift per import batch",
  "webhook-delivery": "Webhook delivery",
};

export function jobTitle(kind: string): string {
  return TITLES[kind] ?? kind;
}
