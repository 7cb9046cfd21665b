// Seeds an empty database with a demo project and one user per role, so `npm run demo` shows a
// working app at once, and marks the instance as a demo (the UI says its accounts are public). The
// demo admin's password is public, so it must be changed at first sign-in. It does nothing when
// any user exists; only `npm run demo` calls it, never `npm start`.
import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { Db } from "./index";
import { countUsers, createUser } from "./queries/users";
import { markDemoInstance } from "./queries/site-settings";
import { createProject } from "./queries/projects";
import { setMemberRole } from "./queries/memberships";
import { importItems } from "./queries/items";
import { retrainProject } from "@/lib/active-learning/server/retrain-project";
import { hashPassword } from "@/lib/auth/password";
import { parseJsonlItems } from "@/lib/import/items";
import type { ProjectRole } from "./schema";

export type DemoLogin = { email: string; password: string; role: string };

const DEMO_USERS: { email: string; name: string; password: string; role: ProjectRole | "admin" }[] = [
  { email: "admin@goldset.demo", name: "Ada Admin", password: "goldset-admin", role: "admin" },
  { email: "lead@goldset.demo", name: "Lee Lead", password: "goldset-lead", role: "lead" },
  { email: "reviewer@goldset.demo", name: "Rae Reviewer", password: "goldset-reviewer", role: "reviewer" },
  { email: "annotator@goldset.demo", name: "Ann Annotator", password: "goldset-annotator", role: "annotator" },
  { email: "annotator2@goldset.demo", name: "Bo Annotator", password: "goldset-annotator2", role: "annotator" },
];

const GUIDELINES = `# SMS spam

Label each text message:

- **spam**: unsolicited commercial or fraudulent messages: prizes, premium-rate numbers, "claim now", ringtone clubs.
- **ham**: everything else, including informal chat, typos and slang.

Use **not sure** when you cannot tell (e.g. a message from a shop you might be a customer of) and say why.

*Data: the first 300 messages of the SMS Spam Collection (Almeida & Gómez Hidalgo, 2011), CC BY 4.0.*
`;

export async function seedDemo({ db, dataDir }: { db: Db; dataDir: string }): Promise<DemoLogin[] | null> {
  if ((await countUsers({ db })) > 0) return null;
  const ids = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const isAdmin = u.role === "admin";
    const user = await createUser({ db, email: u.email, name: u.name, passwordHash: await hashPassword(u.password), isAdmin, mustChangePassword: isAdmin });
    ids.set(u.email, user.id);
  }
  const lead = ids.get("lead@goldset.demo")!;
  const project = await createProject({
    db,
    name: "SMS spam (demo)",
    slug: "sms-demo",
    taskType: "single_label",
    labelDefs: [
      { name: "ham", description: "A normal, wanted message.", color: "#16a34a" },
      { name: "spam", description: "Unsolicited commercial or fraudulent message.", color: "#dc2626" },
    ],
    guidelines: GUIDELINES,
    overlap: 2,
    createdBy: lead,
  });
  for (const u of DEMO_USERS) {
    if (u.role !== "admin" && u.role !== "lead") await setMemberRole({ db, projectId: project.id, userId: ids.get(u.email)!, role: u.role, actorId: lead });
  }
  const file = join(dataDir, "sms-spam-sample.jsonl");
  const parsed = await parseJsonlItems(createReadStream(file));
  if (parsed.problemCount > 0) throw new Error(`demo data ${file} is invalid: ${parsed.problems.map((p) => p.message).join("; ")}`);
  await importItems({ db, projectId: project.id, fileName: "sms-spam-sample.jsonl", format: "jsonl", records: parsed.items, actorId: lead });
  // The first annotator starts on the cold start's diversity picks, not on file order.
  await retrainProject({ db, projectId: project.id, trigger: "import" });
  await markDemoInstance({ db });
  return DEMO_USERS.map((u) => ({ email: u.email, password: u.password, role: u.role === "admin" ? "site admin" : u.role }));
}
