import { getDb } from "@/db";
import { listApiTokens } from "@/db/queries/api-tokens";
import { listProjectsForUser } from "@/db/queries/projects";
import { pageUser } from "@/lib/auth/page-guard";
import { tokenView } from "@/app/api/account/tokens/token-view";
import { AccessTokenForm } from "@/components/account/access-token-form";
import { AccessTokenTable } from "@/components/account/access-token-table";

export const metadata = { title: "Access tokens · Goldset" };

export default async function AccessTokensPage() {
  const user = await pageUser();
  const db = await getDb();
  const projects = (await listProjectsForUser({ db, userId: user.id, isAdmin: user.isAdmin })).map((p) => ({ slug: p.slug, name: p.name, role: p.role }));
  const tokens = (await listApiTokens({ db, userId: user.id })).map(tokenView);
  return (
    <>
      <h1>Access tokens</h1>
      <p className="muted">
        An access token lets a script call the Goldset API as you: send it as <code>Authorization: Bearer gst_…</code>. It reaches only the projects you
        choose, with at most the role you choose (never more than your own), until it expires or you revoke it.
      </p>
      <section className="card" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <AccessTokenForm projects={projects} isAdmin={user.isAdmin} />
      </section>
      <section className="card table-scroll" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        <AccessTokenTable tokens={tokens} />
      </section>
    </>
  );
}
