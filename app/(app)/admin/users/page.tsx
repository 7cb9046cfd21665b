import { getDb } from "@/db";
import { getProjectCreationRule } from "@/db/queries/site-settings";
import { listUsers } from "@/db/queries/users";
import { pageUser } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { NewUserForm } from "@/components/admin/new-user-form";
import { ProjectCreationForm } from "@/components/admin/project-creation-form";
import { UserActions } from "@/components/admin/user-actions";
import { DeletedProjects } from "@/components/admin/deleted-projects";
import { listDeletedProjects } from "@/db/queries/project-lifecycle";

export const metadata = { title: "Users · Goldset" };

export default async function UsersPage() {
  const user = await pageUser();
  if (!user.isAdmin) return <AccessDenied reason="Only site admins manage users." />;
  const db = await getDb();
  const users = await listUsers({ db });
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const deleted = (await listDeletedProjects({ db })).map((p) => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    deletedAt: p.deletedAt.toISOString(),
    deletedBy: p.deletedBy ? (emailOf.get(p.deletedBy) ?? "unknown") : "unknown",
  }));
  return (
    <>
      <h1>Users</h1>
      <div className="card table-scroll">
        <table className="data-table" data-testid="user-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Site admin</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.isAdmin ? "yes" : ""}</td>
                <td data-testid="user-state">{u.deactivatedAt ? "deactivated" : u.mustChangePassword ? "must change password" : "active"}</td>
                <td>
                  <UserActions userId={u.id} email={u.email} active={!u.deactivatedAt} isSelf={u.id === user.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>New user</h2>
        <NewUserForm />
      </section>
      <section className="card">
        <h2>Projects</h2>
        <ProjectCreationForm current={await getProjectCreationRule({ db })} />
      </section>
      <section className="card">
        <h2>Deleted projects</h2>
        <DeletedProjects projects={deleted} />
      </section>
    </>
  );
}
