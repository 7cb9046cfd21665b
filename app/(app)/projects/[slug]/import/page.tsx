import { getDb } from "@/db";
import { listImportBatches } from "@/db/queries/items";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { ImportForm } from "@/components/projects/import-form";
import { SpanImportFormats } from "@/components/projects/span-import-formats";
import { DateTime } from "@/components/ui/date-time";

export const metadata = { title: "Import · Goldset" };

export default async function ImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "importData");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const batches = await listImportBatches({ db: await getDb(), projectId: access.project.id });
  return (
    <>
      {access.project.taskType === "spans" ? (
        <section className="card">
          <h2>Import items</h2>
          <SpanImportFormats />
          <ImportForm slug={slug} kind="items" spans />
        </section>
      ) : (
        <section className="card">
          <h2>Import items</h2>
          <p className="muted">
            JSON Lines (one object per line) or CSV/TSV with a header row. Choose the text and id fields; every other field is kept as metadata. A file is
            imported whole or not at all, and items already present are not added twice. A large file is checked at once and then stored in the background:
            the form follows it, and it finishes even if you leave the page.
          </p>
          <ImportForm slug={slug} kind="items" />
        </section>
      )}
      <section className="card">
        <h2>Import existing annotations</h2>
        <p className="muted">
          Rows of item id, annotator and label (JSONL, CSV or TSV; optional not_sure and created_at), or a Label Studio JSON export, whose tasks are imported as
          items too. Annotators become named accounts that cannot sign in.
        </p>
        <ImportForm slug={slug} kind="annotations" />
      </section>
      <section className="card">
        <h2>Past imports</h2>
        <table data-testid="import-batches">
          <thead>
            <tr>
              <th>#</th>
              <th>File</th>
              <th>Format</th>
              <th>New</th>
              <th>Already present</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <td>{b.id}</td>
                <td>{b.fileName}</td>
                <td>{b.format}</td>
                <td>{b.inserted}</td>
                <td>{b.duplicates}</td>
                <td>
                  <DateTime at={b.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
