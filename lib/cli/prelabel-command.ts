import { getDb } from "@/db";
import { getConnectionView } from "@/db/queries/llm-connection";
import { getPromptVersion } from "@/db/queries/llm-prompts";
import { liveJob } from "@/db/queries/jobs";
import { createRun, getRun, listRuns, requestRunStop } from "@/db/queries/llm-runs";
import { getProjectBySlug } from "@/db/queries/projects";
import { GoldsetError } from "@/lib/errors";
import { assertEndpointAllowed } from "@/lib/llm/client/guarded-lookup";
import { assertPromptFitsProject, defaultPromptInput } from "@/lib/llm/prompts/project-prompt";
import { runJobHere } from "@/lib/jobs/run-job-here";
import { enqueue } from "@/lib/jobs/enqueue-job";
import { llmRunCoalesceKey, llmRunJobKind } from "@/lib/llm/runs/llm-run-job";
import { currentRunOwner } from "@/lib/llm/runs/run-owner";
import { saveProjectPrompt } from "@/lib/llm/prompts/save-project-prompt";
import { parseFlags, printJson, requireFlag } from "./args";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";

const USAGE = "goldset prelabel --project S [--limit N] [--prompt-version V]";

function positiveInteger(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d*$/.test(value)) throw new GoldsetError("bad_request", `--${flag} must be a positive whole number, got "${value}"\nusage: ${USAGE}`);
  return Number(value);
}

/**
 * Pre-labels a project's items in this process, with the connection and prompt version the LLM
 * page saved, and prints a JSON summary when the run stops. The run is an `llm-run` job like the
 * server's, run here (lib/jobs/run-job-here.ts) rather than by a runner: if this process dies, a
 * server's runner finishes it once the lease lapses. A run of the same prompt version still marked
 * running is carried on instead of starting a new one (at once if its runner died and its lease
 * lapsed; if a server is executing it, this waits for the end). Ctrl-C pauses (requests in flight
 * finish and are stored); a second Ctrl-C cancels them.
 */
export async function prelabelCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { project: { type: "string" }, limit: { type: "string" }, "prompt-version": { type: "string" } }, USAGE);
  const slug = requireFlag(flags.project, "project", USAGE);
  const limit = positiveInteger(flags.limit, "limit");
  const versionNumber = positiveInteger(flags["prompt-version"], "prompt-version");
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  refuseWhileArchived(project);

  let version = await getPromptVersion({ db, projectId: project.id, ...(versionNumber === null ? {} : { version: versionNumber }) });
  if (!version && versionNumber !== null) throw new GoldsetError("not_found", `project "${slug}" has no prompt version ${versionNumber}`);
  if (!version) {
    version = (await saveProjectPrompt({ db, project, actorId: null, input: defaultPromptInput(project.guidelines, project.taskType) })).version;
    process.stderr.write(`Saved prompt v${version.version} from the default template (no prompt was saved yet).\n`);
  }

  assertPromptFitsProject(project.taskType, version.definition, version.version);
  // The same refusal the LLM page gives, once, rather than one per item.
  const { baseUrl } = await getConnectionView({ db, projectId: project.id });
  if (baseUrl !== "") await assertEndpointAllowed(baseUrl);

  const kind = llmRunJobKind({
    runner: "cli",
    log: (entry) => {
      // Items given up on and errors; retries would drown them.
      if (entry.level === "error" || entry.itemId !== undefined)
        process.stderr.write(`${entry.itemId === undefined ? "" : `item ${entry.itemId}: `}${entry.message}\n`);
    },
  });
  const ongoing = (await listRuns({ db, projectId: project.id })).find((run) => run.promptVersionId === version.id && run.status === "running");
  const runId = ongoing
    ? ongoing.id
    : (await createRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: limit, actorId: null, owner: currentRunOwner("cli") })).id;
  if (ongoing) process.stderr.write(`Run ${runId} of this prompt version is still marked running: carrying it on.\n`);
  const job =
    (await liveJob({ db, coalesceKey: llmRunCoalesceKey(runId) })) ??
    (await enqueue({ db, kind, payload: { runId }, projectId: project.id, coalesceKey: llmRunCoalesceKey(runId) }));

  // The stop goes through the run's status, as the LLM page's does: whichever process executes the run polls it.
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) process.stderr.write("Pausing: waiting for the requests in flight (Ctrl-C again to cancel them)…\n");
    requestRunStop({ db, projectId: project.id, runId, request: interrupts === 1 ? "pause" : "cancel", actorId: null }).catch((error: unknown) =>
      process.stderr.write(`Could not stop run ${runId}: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  };
  process.on("SIGINT", onInterrupt);
  try {
    const ended = await runJobHere({ db, jobId: job.id, kinds: [kind] });
    if (ended.state !== "succeeded") throw new Error(`run ${runId}'s job ${ended.id} ended ${ended.state}: ${ended.error ?? "no error recorded"}`);
    const final = (await getRun({ db, runId }))!;
    const { progress } = final;
    printJson({
      run: final.id,
      promptVersion: final.promptVersion,
      status: final.status,
      requested: progress.total,
      succeeded: progress.done - progress.invalid,
      invalid: progress.invalid,
      failed: progress.failed,
      retried: progress.retried,
      tokens: progress.tokens,
      ...(final.error === null ? {} : { error: final.error }),
    });
    return final.status === "failed" ? 1 : 0;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
