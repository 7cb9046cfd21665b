import type { Db } from "@/db";
import { getDb } from "@/db";
import { embeddingCoverage, itemsLackingEmbedding, storeEmbeddings } from "@/db/queries/embeddings";
import { getProjectBySlug } from "@/db/queries/projects";
import { encodeEmbeddings, encodedRowBytes } from "@/lib/active-learning/embedding-codec";
import { textForEmbedding } from "@/lib/active-learning/server/embedding-text";
import { retrainProject, type RetrainOutcome } from "@/lib/active-learning/server/retrain-project";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { parseFlags, printJson, requireFlag } from "./args";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";

const USAGE = "goldset score --project S [--batch 64]";

export interface ScoreSummary {
  readonly project: string;
  readonly encoder: { readonly modelId: string; readonly source: string | null; readonly unavailable: string | null };
  readonly embedded: number;
  readonly embedSeconds: number;
  readonly retrain: RetrainOutcome;
}

/** A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise. */
function progressBar(total: number, write: (text: string) => void, isTerminal: boolean) {
  const started = performance.now();
  let lastDecile = -1;
  return (done: number) => {
    const fraction = total > 0 ? done / total : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = done / Math.max(1e-3, (performance.now() - started) / 1000);
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} items embedded · ${rate.toFixed(1)} items/s`;
    if (isTerminal) write(`\r${line}${done >= total ? "\n" : ""}`);
    else if (Math.floor(fraction * 10) !== lastDecile) {
      lastDecile = Math.floor(fraction * 10);
      write(`${line}\n`);
    }
  };
}

/**
 * Embeds every item of the project that lacks an embedding for its encoder with the Node twin of
 * the browser worker (onnxruntime-node), when the model files are there; then retrains and
 * re-ranks with the same code as the server. Without the model, scoring uses hashed features.
 */
export async function scoreProject({
  db,
  slug,
  modelsDir,
  allowRemoteModels,
  batch = 64,
  log,
  isTerminal = false,
}: {
  db: Db;
  slug: string;
  modelsDir: string;
  allowRemoteModels: boolean;
  batch?: number;
  log: (text: string) => void;
  isTerminal?: boolean;
}): Promise<ScoreSummary> {
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  refuseWhileArchived(project);
  const modelId = workflowSettings(project.settings).encoderModel;
  const coverage = await embeddingCoverage({ db, projectId: project.id, modelId });
  const missing = coverage.items - coverage.embedded;
  let source: string | null = null;
  let unavailable: string | null = null;
  let embedded = 0;
  const embedStarted = performance.now();

  if (missing > 0) {
    // Loaded on demand: transformers.js and onnxruntime-node take a while to import.
    const { createNodeEmbedder } = await import("@/lib/ml/node-embedder");
    let embedder: Awaited<ReturnType<typeof createNodeEmbedder>> | null = null;
    try {
      embedder = await createNodeEmbedder({ modelsDir, modelId, allowRemoteModels });
    } catch (error) {
      unavailable = (error as Error).message;
      log(`No encoder could be loaded: ${unavailable}\nScoring with hashed word and character n-gram features instead.\n`);
    }
    if (embedder) {
      source = embedder.source.description;
      log(`Embedding ${missing} item(s) with ${modelId}, ${source}, ${embedder.threads} thread(s)\n`);
      const advance = progressBar(missing, log, isTerminal);
      advance(0);
      try {
        let afterId = 0;
        for (;;) {
          const items = await itemsLackingEmbedding({ db, projectId: project.id, modelId, afterId, limit: batch });
          if (items.length === 0) break;
          afterId = items.at(-1)!.id;
          const vectors = await embedder.embed(items.map((item) => textForEmbedding(item.text)));
          const dim = embedder.dimensions;
          const flat = new Float32Array(items.length * dim);
          vectors.forEach((vector, row) => flat.set(vector, row * dim));
          const bytes = encodeEmbeddings(flat, dim, "int8");
          const rowBytes = encodedRowBytes(dim, "int8");
          const rows = items.map((item, row) => ({ itemId: item.id, bytes: bytes.subarray(row * rowBytes, (row + 1) * rowBytes) }));
          // Browsers may embed some of these meanwhile; theirs are kept and ours counted as present.
          const stored = await storeEmbeddings({ db, projectId: project.id, modelId, userId: null, encoding: "int8", dim, rows });
          embedded += stored.stored + stored.alreadyPresent;
          advance(Math.min(missing, embedded));
        }
      } finally {
        await embedder.dispose();
      }
    }
  } else {
    source = `all ${coverage.items} items already embedded`;
  }
  const embedSeconds = (performance.now() - embedStarted) / 1000;
  log("Training and ranking…\n");
  const retrain = await retrainProject({ db, projectId: project.id, trigger: "cli" });
  return { project: slug, encoder: { modelId, source, unavailable }, embedded, embedSeconds: Math.round(embedSeconds * 100) / 100, retrain };
}

export async function scoreCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { project: { type: "string" }, batch: { type: "string" } }, USAGE);
  const slug = requireFlag(flags.project, "project", USAGE);
  const batch = flags.batch === undefined ? 64 : Number(flags.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 4096)
    throw new GoldsetError("bad_request", `--batch must be a whole number from 1 to 4096, got "${flags.batch}"\nusage: ${USAGE}`);
  const summary = await scoreProject({
    db: await getDb(),
    slug,
    modelsDir: env().GOLDSET_MODELS_DIR,
    allowRemoteModels: env().GOLDSET_ALLOW_REMOTE_MODELS === "1",
    batch,
    log: (text) => process.stderr.write(text),
    isTerminal: process.stderr.isTTY === true,
  });
  printJson(summary);
  return 0;
}
