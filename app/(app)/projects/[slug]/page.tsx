import { redirect } from "next/navigation";
import { pageAccess } from "@/lib/auth/page-guard";
import { homeSection } from "@/lib/auth/permissions";
import { AccessDenied } from "@/components/ui/access-denied";

export default async function ProjectHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "view");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  redirect(`/projects/${slug}/${homeSection({ isAdmin: access.user.isAdmin, role: access.role })}`);
}
