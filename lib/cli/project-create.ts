import { getDb } from "@/db";
import { createProject } from "@/db/queries/projects";
import { labelsFromList, newProjectSchema } from "@/lib/projects/project-input";
import { GoldsetError } from "@/lib/errors";
import { parseFlags, printJson } from "./args";

const USAGE = "goldset project create --name N --slug S --labels a,b,c [--multi-label] [--overlap K]";

export async function projectCreate(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      name: { type: "string" },
      slug: { type: "string" },
      labels: { type: "string" },
      "multi-label": { type: "boolean", default: false },
      overlap: { type: "string", default: "1" },
      guidelines: { type: "string", default: "" },
    },
    USAGE,
  );
  const parsed = newProjectSchema.safeParse({
    name: flags.name,
    slug: flags.slug,
    taskType: flags["multi-label"] ? "multi_label" : "single_label",
    labels: labelsFromList(flags.labels ?? ""),
    overlap: Number(flags.overlap),
    guidelines: flags.guidelines,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const field = `--${String(i.path[0] ?? "")}${i.path.length > 1 ? `[${i.path.slice(1).join(".")}]` : ""}`;
      return { field, message: `${field}: ${i.message}` };
    });
    throw new GoldsetError("bad_request", `invalid project\nusage: ${USAGE}`, problems);
  }
  const p = parsed.data;
  const project = await createProject({
    db: await getDb(),
    name: p.name,
    slug: p.slug,
    taskType: p.taskType,
    labelDefs: p.labels,
    overlap: p.overlap,
    guidelines: p.guidelines,
  });
  printJson({ id: project.id, slug: project.slug, name: project.name, taskType: project.taskType, overlap: project.overlap });
  return 0;
}
