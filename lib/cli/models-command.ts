import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MODEL_HUB_URL, modelFolder } from "@/lib/active-learning/server/model-files";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { DEFAULT_EMBEDDING_MODEL_ID, isValidModelId, requiredModelFiles, type ModelDtype } from "@/lib/ml/model-source";
import { parseFlags } from "./args";

const USAGE = "goldset models pull [--model ID] [--dtype q8|fp32] [--timeout SECONDS] [--hub URL] [--force]";
/** Files transformers.js reads when present; a model without them still loads. */
const OPTIONAL_FILES = ["special_tokens_map.json", "vocab.txt"];
const DEFAULT_TIMEOUT_SECONDS = 20;

export interface PulledFile {
  readonly file: string;
  readonly bytes: number;
}

/**
 * Fetches one file into `target` (through a .part file, so an interrupted download never looks
 * complete). Gives up when the server has not answered, or has sent nothing, for `timeoutMs`:
 * without internet access the command fails with a reason instead of hanging.
 */
async function download(url: string, target: string, timeoutMs: number, optional: boolean): Promise<number | null> {
  const controller = new AbortController();
  let stalled = false;
  let timer = setTimeout(() => ((stalled = true), controller.abort()), timeoutMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ((stalled = true), controller.abort()), timeoutMs);
  };
  const partial = `${target}.part`;
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: "follow" });
    if (response.status === 404 && optional) return null;
    if (!response.ok || !response.body) throw new Error(`the server answered ${response.status} ${response.statusText}`);
    await mkdir(path.dirname(target), { recursive: true });
    let bytes = 0;
    const body = Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]);
    body.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      rearm();
    });
    await pipeline(body, createWriteStream(partial));
    await rename(partial, target);
    return bytes;
  } catch (error) {
    await rm(partial, { force: true });
    if (stalled) throw new Error(`no data for ${timeoutMs / 1000} s (is there internet access, or a proxy the hub is reachable through?)`);
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    throw new Error(`${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}`);
  } finally {
    clearTimeout(timer);
  }
}

export async function pullModel({
  modelsDir,
  modelId,
  dtype,
  hub,
  timeoutMs,
  force,
  log,
}: {
  modelsDir: string;
  modelId: string;
  dtype: ModelDtype;
  hub: string;
  timeoutMs: number;
  force: boolean;
  log: (text: string) => void;
}): Promise<{ folder: string; files: PulledFile[]; skipped: boolean }> {
  if (!isValidModelId(modelId)) throw new GoldsetError("bad_request", `--model "${modelId}" is not a model id: use owner/name as on the model hub, e.g. ${DEFAULT_EMBEDDING_MODEL_ID}`);
  const folder = modelFolder(modelsDir, modelId);
  const required = requiredModelFiles(dtype);
  const present = await Promise.all(required.map((file) => stat(path.join(folder, file)).then((info) => info.isFile(), () => false)));
  if (!force && present.every(Boolean)) {
    log(`${modelId} is already in ${folder}; --force downloads it again.\n`);
    return { folder, files: [], skipped: true };
  }
  const files: PulledFile[] = [];
  for (const file of [...required, ...OPTIONAL_FILES]) {
    const url = `${hub.replace(/\/?$/, "/")}${modelId}/resolve/main/${file}`;
    log(`downloading ${url}\n`);
    let bytes: number | null;
    try {
      bytes = await download(url, path.join(folder, file), timeoutMs, OPTIONAL_FILES.includes(file));
    } catch (error) {
      throw new GoldsetError(
        "bad_request",
        `Could not download ${file} of ${modelId} from ${url}: ${(error as Error).message}. ` +
          `Where this machine has no access to the model hub, copy ${required.join(", ")} into ${folder} by hand.`,
      );
    }
    if (bytes !== null) files.push({ file, bytes });
  }
  return { folder, files, skipped: false };
}

export async function modelsPullCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    { model: { type: "string" }, dtype: { type: "string" }, timeout: { type: "string" }, hub: { type: "string" }, force: { type: "boolean" } },
    USAGE,
  );
  const dtype = flags.dtype ?? "q8";
  if (dtype !== "q8" && dtype !== "fp32") throw new GoldsetError("bad_request", `--dtype must be q8 or fp32, got "${dtype}"\nusage: ${USAGE}`);
  const timeout = flags.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(flags.timeout);
  if (!(timeout > 0 && timeout <= 3600)) throw new GoldsetError("bad_request", `--timeout must be a number of seconds from 0 to 3600, got "${flags.timeout}"\nusage: ${USAGE}`);
  const result = await pullModel({
    modelsDir: env().GOLDSET_MODELS_DIR,
    modelId: flags.model ?? DEFAULT_EMBEDDING_MODEL_ID,
    dtype,
    hub: flags.hub ?? MODEL_HUB_URL,
    timeoutMs: timeout * 1000,
    force: flags.force === true,
    log: (text) => process.stderr.write(text),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
