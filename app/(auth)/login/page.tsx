import { getDb } from "@/db";
import { isDemoInstance } from "@/db/queries/site-settings";
import { LoginForm } from "@/components/ui/login-form";
import { DemoBanner } from "@/components/ui/demo-banner";
import { safeCallbackPath } from "@/lib/auth/callback-path";

export const metadata = { title: "Sign in · Goldset" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const next = safeCallbackPath(callbackUrl, "/projects");
  return (
    <main className="login">
      <h1>Goldset</h1>
      <p className="tagline">Labels you can trust.</p>
      {(await isDemoInstance({ db: await getDb() })) && <DemoBanner />}
      <LoginForm next={next} />
    </main>
  );
}
