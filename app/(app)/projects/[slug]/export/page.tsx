import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { ExportView } from "@/components/export/export-view";
import { defaultSnapshotRules } from "@/lib/export/snapshot-input";

export const metadata = { title: "Export · Goldset" };

export default async function ExportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "exportData");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const { overlap, taskType } = access.project;
  return <ExportView slug={slug} overlap={overlap} spans={taskType === "spans"} defaults={defaultSnapshotRules(overlap)} />;
}
