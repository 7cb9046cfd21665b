import { summarizeAgreement, type AgreementSummary } from "@/lib/agreement/summarize";
import type { Metric } from "@/lib/agreement/types";
import { parseFlags, printJson, requireFlag } from "./args";
import { readAnnotationFile } from "./annotation-file";

const USAGE =
  "goldset agreement --input F [--format jsonl|csv|tsv] [--level nominal|ordinal|interval|ratio] [--weights none|linear|quadratic] [--distance masi|jaccard] [--resamples N] [--json]";

function show(metric: Metric): string {
  return metric.value === null ? `undefined (${metric.reason})` : metric.value.toFixed(4);
}

export async function agreementCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      input: { type: "string" },
      format: { type: "string" },
      level: { type: "string" },
      weights: { type: "string" },
      distance: { type: "string" },
      resamples: { type: "string", default: "0" },
      json: { type: "boolean", default: false },
    },
    USAGE,
  );
  const rows = (await readAnnotationFile(requireFlag(flags.input, "input", USAGE), flags.format)).filter((r) => r.labels.length > 0);
  const multi = rows.some((r) => r.labels.length > 1);
  const options = {
    level: flags.level as never,
    weights: flags.weights as never,
    distance: flags.distance as never,
    resamples: Number(flags.resamples),
  };
  // Numeric labels ("1", "2", …) are compared as numbers, so ordinal and interval levels work.
  const numeric = rows.every((r) => r.labels.length === 1 && /^-?\d+(\.\d+)?$/.test(r.labels[0]!));
  const summary: AgreementSummary = multi
    ? summarizeAgreement(rows.map((r) => ({ item: r.externalId, annotator: r.annotator, value: r.labels })), options)
    : summarizeAgreement(
        rows.map((r) => ({ item: r.externalId, annotator: r.annotator, value: numeric ? Number(r.labels[0]) : r.labels[0]! })),
        options,
      );
  if (flags.json) {
    printJson(summary);
    return 0;
  }
  console.log(`${summary.items} items, ${summary.annotators} annotators, ${summary.ratings} ratings (${summary.kind})`);
  console.log(`percent agreement     ${show(summary.percent)}`);
  console.log(`mean Cohen's kappa    ${show(summary.cohen)}`);
  console.log(`Fleiss' kappa         ${show(summary.fleiss)}`);
  console.log(`Krippendorff's alpha  ${show(summary.krippendorff)}`);
  return 0;
}
