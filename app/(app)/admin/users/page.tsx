import { getDb } from "@/db";
import { getProjectCreationRule } from "@/db/queries/site-settings";
import { listUsers } from "@/db/queries/users";
import { pageUser } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { NewUserForm } from "@/components/admin/new-user-form";
import { ProjectCreationForm } from "@/components/admin/project-creation-form";
import { UserActions } from "@/components/admin/user-actions";

export const metadata = { title: "Users · Goldset" };

export default async function UsersPage() {
  const user = await pageUser();
  if (!user.isAdmin) return <AccessDenied reason="Only site admins manage users." />;
  const users = await listUsers({ db: await getDb() });
  return (
    <>
      <h1>Users</h1>
      <table className="card" data-testid="user-list">
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{u.isAdmin ? "site admin" : ""}</td>
              <td data-testid="user-state">{u.deactivatedAt ? "deactivated" : u.mustChangePassword ? "must change password" : "active"}</td>
              <td>
                <UserActions userId={u.id} email={u.email} active={!u.deactivatedAt} isSelf={u.id === user.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="card">
        <h2>New user</h2>
        <NewUserForm />
      </section>
      <section className="card">
        <h2>Projects</h2>
        <ProjectCreationForm current={await getProjectCreationRule({ db: await getDb() })} />
      </section>
    </>
  );
}
