import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/guard";
import { ChangePasswordForm } from "@/components/account/change-password-form";

export const metadata = { title: "Change password · Goldset" };

// Outside the app layout on purpose: after a reset this is the only page the account may open.
export default async function ChangePasswordPage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2Faccount%2Fpassword");
  return (
    <main className="login">
      <h1>Change password</h1>
      {user.mustChangePassword ? (
        <p role="alert" className="error" data-testid="password-change-required">
          Your password was set by someone else: choose your own before you continue.
        </p>
      ) : (
        <p>
          <Link href="/projects">Back to projects</Link>
        </p>
      )}
      <ChangePasswordForm email={user.email} />
    </main>
  );
}
