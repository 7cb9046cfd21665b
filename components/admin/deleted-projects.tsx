"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { DateTime } from "@/components/ui/date-time";
import { FieldErrors } from "@/components/ui/field-errors";

export type DeletedProjectRow = { id: string; slug: string; name: string; deletedAt: string; deletedBy: string };

/** The projects leads deleted, for a site admin to restore one deleted by mistake. */
export function DeletedProjects({ projects }: { projects: DeletedProjectRow[] }) {
  const router = useRouter();
  const restore = useMutation({
    mutationFn: (id: string) => apiCall(`/api/deleted-projects/${id}/restore`, { body: {} }),
    onSuccess: () => router.refresh(),
  });
  const error = restore.error instanceof ApiError ? restore.error : null;
  if (projects.length === 0) return <p className="muted">No project has been deleted.</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table" data-testid="deleted-projects">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Slug</th>
              <th scope="col">Deleted</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.slug}</td>
                <td>
                  <DateTime at={p.deletedAt} />
                </td>
                <td>{p.deletedBy}</td>
                <td>
                  <button type="button" onClick={() => restore.mutate(p.id)} disabled={restore.isPending} aria-label={`Restore ${p.name}`}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FieldErrors message={error?.message ?? null} problems={[]} />
    </>
  );
}
