import { getDb } from "@/db";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { UrlTabs } from "@/components/ui/url-tabs";
import { SETTINGS_TABS } from "./settings-panels";

export const metadata = { title: "Settings · Goldset" };

export default async function SettingsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "manageSettings");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const { tab } = await searchParams;
  // An unknown or missing ?tab= shows the first tab rather than an empty page.
  const selected = SETTINGS_TABS.find((t) => t.id === tab) ?? SETTINGS_TABS[0]!;
  const { Panel } = selected;
  return (
    <div className="settings">
      <UrlTabs
        label="Settings sections"
        tabs={SETTINGS_TABS.map(({ id, title }) => ({ id, title }))}
        selected={selected.id}
        basePath={`/projects/${slug}/settings`}
      />
      <div role="tabpanel" id={`panel-${selected.id}`} aria-labelledby={`tab-${selected.id}`}>
        <Panel db={await getDb()} slug={slug} project={access.project} />
      </div>
    </div>
  );
}
