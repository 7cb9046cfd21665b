import { GoldsetError } from "@/lib/errors";
import { majorityVote } from "@/lib/aggregate/majority-vote";
import { dawidSkene } from "@/lib/aggregate/dawid-skene";
import { parseFlags, printJson, requireFlag } from "./args";
import { readAnnotationFile } from "./annotation-file";
import { fitMultiLabelModel, multiLabelVerdict } from "@/lib/aggregate/dawid-skene-model";
import { compareLabels } from "@/lib/aggregate/label-order";
import type { AnnotationRow } from "@/lib/import/annotation-rows";

const USAGE =
  "goldset aggregate --input F --method majority|dawid-skene [--multi-label] [--format jsonl|csv|tsv] [--max-iterations N] [--tolerance T] --json";

export async function aggregateCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      input: { type: "string" },
      format: { type: "string" },
      method: { type: "string", default: "majority" },
      "max-iterations": { type: "string", default: "100" },
      tolerance: { type: "string", default: "1e-5" },
      json: { type: "boolean", default: false },
      "multi-label": { type: "boolean", default: false },
    },
    USAGE,
  );
  const all = await readAnnotationFile(requireFlag(flags.input, "input", USAGE), flags.format);
  const fitOptions = { maxIterations: Number(flags["max-iterations"]), tolerance: Number(flags.tolerance) };
  if (flags["multi-label"] || all.some((r) => r.labels.length > 1)) {
    if (flags.method !== "dawid-skene") throw new GoldsetError("bad_request", "label sets (multi-label data) aggregate with --method dawid-skene");
    printJson(await multiLabelDawidSkene(all, fitOptions));
    return 0;
  }
  const rows = all.filter((r) => r.labels.length > 0);
  const input = rows.map((r) => ({ item: r.externalId, annotator: r.annotator, label: r.labels[0]! }));
  if (flags.method === "majority") {
    const result = majorityVote(input);
    printJson({
      method: "majority",
      labels: result.labels,
      items: result.items.map((i) => ({ item: i.item, label: i.label, confidence: i.confidence, tie: i.tie, votes: i.votes })),
    });
    return 0;
  }
  if (flags.method === "dawid-skene") {
    const result = dawidSkene(input, fitOptions);
    printJson({
      method: "dawid-skene",
      classes: result.classes,
      classPriors: result.classPriors,
      logLikelihood: result.logLikelihood,
      iterations: result.iterations,
      converged: result.converged,
      confusionMatrices: result.confusionMatrices,
      items: result.items.map((i) => ({ item: i.item, label: i.label, confidence: i.confidence, posterior: i.posterior })),
    });
    return 0;
  }
  throw new GoldsetError("bad_request", `--method must be majority or dawid-skene, not "${flags.method}"\nusage: ${USAGE}`);
}

/**
 * One present/absent Dawid–Skene model per label (see lib/aggregate/dawid-skene-model.ts). A row
 * with an empty set says no label applies; one marked not sure with an empty set abstains.
 */
async function multiLabelDawidSkene(rows: readonly AnnotationRow[], options: { maxIterations: number; tolerance: number }) {
  const voting = rows.filter((r) => !(r.notSure && r.labels.length === 0));
  const labels = [...new Set(voting.flatMap((r) => r.labels))].sort(compareLabels);
  const fit = await fitMultiLabelModel(
    voting.map((r) => ({ item: r.externalId, annotator: r.annotator, labels: r.labels })),
    labels,
    options,
  );
  if (fit.stored.kind !== "multi-label") throw new Error("expected per-label models");
  const perLabel = fit.stored.perLabel;
  const byItem = new Map<string, { annotator: string; labels: string[] }[]>();
  for (const r of voting) byItem.set(r.externalId, [...(byItem.get(r.externalId) ?? []), { annotator: r.annotator, labels: r.labels }]);
  return {
    method: "dawid-skene",
    multiLabel: true,
    labels,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: fit.converged,
    perLabel,
    items: [...byItem].map(([item, votes]) => {
      const verdict = multiLabelVerdict(perLabel, votes);
      return { item, labels: verdict?.labels ?? [], confidence: verdict?.posterior ?? null };
    }),
  };
}
