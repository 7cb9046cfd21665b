// Test-side access to the same database file the server uses, for setting up projects quickly
// and for checking what was stored. Reads go through db/queries like everything else.
import { getDb } from "@/db";
import { createProject, getProjectBySlug, type LabelInput } from "@/db/queries/projects";
import { setMemberRole } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { importItems } from "@/db/queries/items";
import { annotationHistory, skipHistory } from "@/db/queries/annotations";
import { getExportSnapshot } from "@/db/queries/exports";
import { itemContentHash } from "@/lib/import/content-hash";
import type { ProjectRole, TaskType } from "@/db/schema";
import { PEOPLE, type Person } from "./people";

let counter = 0;

export function uniqueSlug(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export function userId(person: Person): string {
  return getUserByEmail({ db: getDb(), email: PEOPLE[person].email })!.id;
}

export function seedProject({
  slug,
  labels = [{ name: "ham" }, { name: "spam" }],
  taskType = "single_label",
  overlap = 1,
  texts,
  members,
  guidelines = "",
}: {
  slug: string;
  labels?: LabelInput[];
  taskType?: TaskType;
  overlap?: number;
  texts: string[];
  members: Partial<Record<Person, ProjectRole>>;
  guidelines?: string;
}) {
  const db = getDb();
  const project = createProject({ db, name: `Project ${slug}`, slug, taskType, labelDefs: labels, overlap, guidelines, createdBy: userId("lead") });
  for (const [person, role] of Object.entries(members)) {
    setMemberRole({ db, projectId: project.id, userId: userId(person as Person), role, actorId: null });
  }
  importItems({
    db,
    projectId: project.id,
    fileName: "seed.jsonl",
    format: "jsonl",
    actorId: null,
    records: texts.map((text, i) => ({ externalId: `item-${i + 1}`, text, metadata: {}, contentHash: itemContentHash(text) })),
  });
  return project;
}

export function storedAnnotations(slug: string) {
  const db = getDb();
  const project = getProjectBySlug({ db, slug })!;
  return annotationHistory({ db, projectId: project.id });
}

export function projectBySlug(slug: string) {
  return getProjectBySlug({ db: getDb(), slug });
}

export function storedSkips(slug: string) {
  const db = getDb();
  return skipHistory({ db, projectId: getProjectBySlug({ db, slug })!.id });
}

export function exportSnapshotNamed(slug: string, name: string) {
  const db = getDb();
  return getExportSnapshot({ db, projectId: getProjectBySlug({ db, slug })!.id, name });
}
