import { pageAccess } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { AccessDenied } from "@/components/ui/access-denied";
import { ConnectionForm } from "@/components/llm/connection-form";
import { PromptEditor } from "@/components/llm/prompt-editor";
import { RunPanel } from "@/components/llm/run-panel";
import { PredictionsUpload } from "@/components/llm/predictions-upload";
import { SuggestionSettingsForm } from "@/components/llm/suggestion-settings-form";

export const metadata = { title: "LLM · Goldset" };

export default async function LlmPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "runPrelabel");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const actor = { isAdmin: access.user.isAdmin, role: access.role };
  return (
    <div className="llm">
      <section className="card">
        <h2>Connection</h2>
        <ConnectionForm slug={slug} />
      </section>
      <section className="card">
        <h2>Prompt</h2>
        <PromptEditor slug={slug} />
      </section>
      <section className="card">
        <h2>Pre-labelling runs</h2>
        <p className="muted">
          A run asks about every item without a valid answer for the chosen prompt version, in the background on the server, within the connection&apos;s
          limits. It survives a restart of the app (another instance, or this one when it is back, carries it on) and never asks twice about an item that has a valid answer; an invalid answer (shown under its run) leaves
          the item for a later run, or for a retry of just those items. Same from the command line: <code>goldset prelabel --project {slug}</code>.
        </p>
        <RunPanel slug={slug} />
      </section>
      <section className="card">
        <h2>Suggestions for annotators</h2>
        <SuggestionSettingsForm slug={slug} canEdit={can(actor, "manageSettings")} />
      </section>
      {can(actor, "importData") && (
        <section className="card">
          <h2>Import predictions</h2>
          <PredictionsUpload slug={slug} />
        </section>
      )}
    </div>
  );
}
