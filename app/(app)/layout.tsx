import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/guard";
import { SignOutButton } from "@/components/ui/sign-out-button";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <>
      <nav className="topbar">
        <Link href="/projects" className="brand">
          Goldset
        </Link>
        <Link href="/projects">Projects</Link>
        {user.isAdmin && <Link href="/admin/users">Users</Link>}
        <span className="spacer" />
        <span className="who" data-testid="signed-in-as">
          {user.name} · {user.email}
        </span>
        <SignOutButton />
      </nav>
      <main className="page">{children}</main>
    </>
  );
}
