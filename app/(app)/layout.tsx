import Link from "next/link";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { isDemoInstance } from "@/db/queries/site-settings";
import { pageUser } from "@/lib/auth/page-guard";
import { SignOutButton } from "@/components/ui/sign-out-button";
import { DemoBanner } from "@/components/ui/demo-banner";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await pageUser();
  return (
    <>
      {(await isDemoInstance({ db: await getDb() })) && <DemoBanner />}
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
        <Link href="/account/tokens">Access tokens</Link>
        <Link href="/account/password">Password</Link>
        <SignOutButton />
      </nav>
      <main className="page">{children}</main>
    </>
  );
}
