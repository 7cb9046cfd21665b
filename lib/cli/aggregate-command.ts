import { GoldsetError } from "@/lib/errors";
import { majorityVote } from "@/lib/aggregate/majority-vote";
import { dawidSkene } from "@/lib/aggregate/dawid-skene";
import { parseFlags, printJson, requireFlag } from "./args";
import { readAnnotationFile } from "./annotation-file";

const USAGE = "goldset aggregate --input F --method majority|dawid-skene [--format jsonl|csv|tsv] [--max-iterations N] [--tolerance T] --json";

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
    },
    USAGE,
  );
  const rows = (await readAnnotationFile(requireFlag(flags.input, "input", USAGE), flags.format)).filter((r) => r.labels.length > 0);
  if (rows.some((r) => r.labels.length > 1)) throw new GoldsetError("bad_request", "aggregate takes one label per row (single-label data)");
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
    const result = dawidSkene(input, { maxIterations: Number(flags["max-iterations"]), tolerance: Number(flags.tolerance) });
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
