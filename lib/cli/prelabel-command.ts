import { getDb } from "@/db";
import { getConnectionView } from "@/db/queries/llm-connection";
import { getPromptVersion } from "@/db/queries/llm-prompts";
import { createRun, listRuns, markRunResumed } from "@/db/queries/llm-runs";
import { releaseInterruptedClaims } from "@/db/queries/prelabel-store";
import { getProjectBySlug } from "@/db/queries/projects";
import { GoldsetError } from "@/lib/errors";
import { assertEndpointAllowed } from "@/lib/llm/client/guarded-lookup";
import type { RunView } from "@/lib/llm/llm-views";
import { llmMasterSecret } from "@/lib/llm/secrets/master-secret";
import { defaultPromptInput } from "@/lib/llm/prompts/project-prompt";
import { currentRunOwner, isOwnerAlive } from "@/lib/llm/runs/run-owner";
import { saveProjectPrompt } from "@/lib/llm/prompts/save-project-prompt";
import { executeStoredRun } from "@/lib/llm/runs/stored-run";
import { parseFlags, printJson, requireFlag } from "./args";

const USAGE = "goldset prelabel --project S [--limit N] [--prompt-version V]";

function positiveInteger(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  if (!/^[1-9]\d*$/.test(value)) throw new GoldsetError("bad_request", `--${flag} must be a positive whole number, got "${value}"\nusage: ${USAGE}`);
  return Number(value);
}

/**
 * Pre-labels a project's items in this process, with the connection and prompt version the LLM
 * page saved, and prints a JSON summary when the run stops. A run of the same prompt version left
 * behind by a process that died is resumed instead of starting a new one. Ctrl-C pauses (requests
 * in flight finish and are stored); a second Ctrl-C cancels them.
 */
export async function prelabelCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { project: { type: "string" }, limit: { type: "string" }, "prompt-version": { type: "string" } }, USAGE);
  const slug = requireFlag(flags.project, "project", USAGE);
  const limit = positiveInteger(flags.limit, "limit");
  const versionNumber = positiveInteger(flags["prompt-version"], "prompt-version");
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);

  let version = await getPromptVersion({ db, projectId: project.id, ...(versionNumber === null ? {} : { version: versionNumber }) });
  if (!version && versionNumber !== null) throw new GoldsetError("not_found", `project "${slug}" has no prompt version ${versionNumber}`);
  if (!version) {
    version = (await saveProjectPrompt({ db, project, actorId: null, input: defaultPromptInput(project.guidelines) })).version;
    process.stderr.write(`Saved prompt v${version.version} from the default template (no prompt was saved yet).\n`);
  }

  // The same refusal the LLM page gives, once, rather than one per item.
  const { baseUrl } = await getConnectionView({ db, projectId: project.id });
  if (baseUrl !== "") await assertEndpointAllowed(baseUrl);

  const owner = currentRunOwner("cli");
  const interrupted = (await listRuns({ db, projectId: project.id })).find(
    (run) => run.promptVersionId === version.id && run.status === "running" && !isOwnerAlive(run.progress.owner),
  );
  let run: RunView;
  if (interrupted) {
    run = await markRunResumed({ db, runId: interrupted.id, owner, actorId: null, takingOverFrom: interrupted.progress.owner });
    await releaseInterruptedClaims({ db, runId: run.id });
    process.stderr.write(`Resuming run ${run.id}, interrupted before it finished.\n`);
  } else {
    run = await createRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: limit, actorId: null, owner });
  }

  const execution = await executeStoredRun({
    db,
    runId: run.id,
    owner,
    masterSecret: llmMasterSecret,
    log: (entry) => {
      // Items given up on and errors; retries would drown them.
      if (entry.level === "error" || entry.itemId !== undefined)
        process.stderr.write(`${entry.itemId === undefined ? "" : `item ${entry.itemId}: `}${entry.message}\n`);
    },
  });
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write("Pausing: waiting for the requests in flight (Ctrl-C again to cancel them)…\n");
      execution.pause();
    } else execution.cancel();
  };
  process.on("SIGINT", onInterrupt);
  try {
    const final = await execution.result;
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
