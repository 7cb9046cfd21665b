import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import { getDb } from "@/db";
import { getProjectBySlug } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { retrainProject } from "@/lib/active-learning/server/retrain-project";
import { env } from "@/lib/env";
import { asBadRequest, GoldsetError } from "@/lib/errors";
import { itemFileFormat, parseItemFile } from "@/lib/import/item-file-format";
import { importFailure } from "@/lib/import/import-failure";
import { parseFlags, printJson, requireFlag } from "./args";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";

const SHOWN_WARNINGS = 5;
const USAGE = "goldset import --project S --file F [--format jsonl|csv|tsv] [--text-field text] [--id-field id]";

/**
 * All-or-nothing: every problem in the file is printed with its line, and nothing is inserted.
 * New items are then ranked into the queue, so annotators start with the cold start's diversity
 * picks rather than file order.
 */
export async function importCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      project: { type: "string" },
      file: { type: "string" },
      format: { type: "string" },
      "text-field": { type: "string", default: "text" },
      "id-field": { type: "string", default: "id" },
    },
    USAGE,
  );
  const slug = requireFlag(flags.project, "project", USAGE);
  const file = requireFlag(flags.file, "file", USAGE);
  if (!existsSync(file)) throw new GoldsetError("not_found", `no such file: ${file}`);
  const format = asBadRequest(() => itemFileFormat(file, flags.format));
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  refuseWhileArchived(project);

  const parsed = await parseItemFile(createReadStream(file, { highWaterMark: 1 << 16 }), format, {
    textField: flags["text-field"],
    idField: flags["id-field"],
    maxTextBytes: env().GOLDSET_MAX_TEXT_BYTES,
  });
  for (const w of parsed.warnings.slice(0, SHOWN_WARNINGS)) process.stderr.write(`warning: ${w.message}\n`);
  if (parsed.warningCount > SHOWN_WARNINGS) process.stderr.write(`warning: …and ${parsed.warningCount - SHOWN_WARNINGS} more\n`);
  if (parsed.problemCount > 0) throw importFailure(basename(file), parsed);

  const summary = await importItems({ db, projectId: project.id, fileName: basename(file), format, records: parsed.items, actorId: null });
  const ranked = summary.inserted > 0 ? await retrainProject({ db, projectId: project.id, trigger: "import" }) : null;
  printJson({ inserted: summary.inserted, duplicates: summary.duplicates, batch: summary.batch, rankedAsVersion: ranked?.version ?? null });
  return 0;
}
