import { LoginForm } from "@/components/ui/login-form";
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
      <LoginForm next={next} />
    </main>
  );
}
