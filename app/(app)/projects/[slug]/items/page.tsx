import { Suspense } from "react";
import { ZodError } from "zod";
import { getDb } from "@/db";
import { browseItems, listItemImportBatches } from "@/db/queries/item-browser";
import { listExportSnapshots } from "@/db/queries/exports";
import { listLabels } from "@/db/queries/projects";
import { projectLabelNames } from "@/db/queries/label-names";
import { listMembers } from "@/db/queries/memberships";
import { pageAccess } from "@/lib/auth/page-guard";
import { parseItemView } from "@/lib/browse/item-view";
import { can } from "@/lib/auth/permissions";
import { AccessDenied } from "@/components/ui/access-denied";
import { ItemBrowser } from "@/components/browse/item-browser";
import { MatchCount } from "./match-count";

export const metadata = { title: "Data · Goldset" };

/** The data browser: the view lives in the query string, so a link to this page shares it. */
export default async function ItemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const access = await pageAccess(slug, "viewAllAnnotations");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") query.set(key, value);
  const db = await getDb();
  const projectId = access.project.id;
  const canBulk = can({ isAdmin: access.user.isAdmin, role: access.role }, "manageSettings");
  const options = {
    // A label merged into another is filtered under the label it reads as.
    labels: await (async () => {
      const names = await projectLabelNames({ db, projectId });
      return (await listLabels({ db, projectId })).map((l) => l.name).filter((name) => names.read(name) === name);
    })(),
    annotators: (await listMembers({ db, projectId })).map((m) => ({ id: m.userId, name: m.name })),
    batches: (await listItemImportBatches({ db, projectId })).map((b) => ({ id: b.id, title: `#${b.id} ${b.fileName} (${b.inserted})` })),
    snapshots: (await listExportSnapshots({ db, projectId })).reverse().map((s) => ({ id: s.id, title: s.name })),
  };
  let view;
  try {
    view = parseItemView(query);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const problems = error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return <ItemBrowser slug={slug} view={{ sort: "id" }} options={options} page={null} count={null} problem={`This link's filters are not valid (${problems}).`} canBulk={canBulk} />;
  }
  const page = await browseItems({ db, projectId, view });
  // The count streams in after the table: a rare filter's count reads far more rows than its page.
  const count = (
    <Suspense key={JSON.stringify(view)} fallback={<span data-testid="match-count-pending">Counting matches…</span>}>
      <MatchCount projectId={projectId} view={view} />
    </Suspense>
  );
  return <ItemBrowser slug={slug} view={view} options={options} page={page} count={count} problem={null} canBulk={canBulk} />;
}
