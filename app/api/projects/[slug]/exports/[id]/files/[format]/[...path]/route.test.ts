import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { createExportSnapshot } from "@/db/queries/exports";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as writeFormat } from "../../route";
import { GET } from "./route";
import { rawRow } from "@/db/raw-sql";

vi.mock("next-auth", () => ({ getServerSession: sessionFor }));

const exportsDir = mkdtempSync(join(tmpdir(), "goldset-files-route-"));
process.env.GOLDSET_EXPORTS_DIR = exportsDir;
let db: Db;
let close: () => void;
let snapshotId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const lead = (await createUser({ db, email: "lead@example.org", name: "lead", passwordHash: "x" })).id;
  const ann = (await createUser({ db, email: "ann@example.org", name: "ann", passwordHash: "x" })).id;
  const projectId = (
    await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], overlap: 1, createdBy: lead })
  ).id;
  await setMemberRole({ db, projectId, userId: lead, role: "lead", actorId: null });
  await importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: null,
    records: [{ externalId: "one", text: "one", metadata: {}, contentHash: "h-one" }],
  });
  const itemId = ((await rawRow(db, "select id from items")) as { id: number }).id;
  await submitAnnotation({
    db,
    projectId,
    annotatorId: ann,
    input: { id: randomUUID(), itemId, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
  });
  const decidedBy = ["adjudicated", "unanimous", "majority", "dawid-skene", "single"] as const;
  snapshotId = String(
    (
      await createExportSnapshot({
        db,
        projectId,
        name: "v1",
        rules: { decidedBy: [...decidedBy], minAnnotations: 1, includeAnnotations: false, license: "other" },
        createdBy: lead,
      })
    ).id,
  );
  signedIn.userId = lead;
  for (const format of ["jsonl", "label-studio"]) {
    await writeFormat(jsonPost(`/api/projects/sms/exports/${snapshotId}/files`, { format }), routeParams({ slug: "sms", id: snapshotId }));
  }
});
afterAll(() => {
  close();
  rmSync(exportsDir, { recursive: true, force: true });
});

async function contentType(format: string, path: string[]) {
  const answer = await GET(new Request(`http://localhost/api/projects/sms/exports/${snapshotId}/files/${format}/${path.join("/")}`), {
    params: Promise.resolve({ slug: "sms", id: snapshotId, format, path }),
  });
  expect(answer.status).toBe(200);
  return answer.headers.get("content-type");
}

describe("GET /api/projects/[slug]/exports/[id]/files/[format]/[...path]", () => {
  it("serves .jsonl as application/x-ndjson, not as JSON", async () => {
    expect(await contentType("jsonl", ["data.jsonl"])).toBe("application/x-ndjson; charset=utf-8");
  });

  it("serves the Label Studio tasks as JSON and its labeling config as XML", async () => {
    expect(await contentType("label-studio", ["label-studio.json"])).toBe("application/json; charset=utf-8");
    expect(await contentType("label-studio", ["labeling-config.xml"])).toBe("application/xml; charset=utf-8");
  });
});
