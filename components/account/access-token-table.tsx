"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { DateTime } from "@/components/ui/date-time";
import { FieldErrors } from "@/components/ui/field-errors";
import type { TokenView } from "@/app/api/account/tokens/schemas";

/** The user's tokens, newest first, with a Revoke button on each live one. */
export function AccessTokenTable({ tokens }: { tokens: TokenView[] }) {
  const router = useRouter();
  const revoke = useMutation({
    mutationFn: (id: string) => apiCall(`/api/account/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
  });
  const error = revoke.error instanceof ApiError ? revoke.error : null;
  if (tokens.length === 0) return <p className="muted">You have no access tokens.</p>;
  const now = Date.now();
  return (
    <>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      <table className="data-table" data-testid="token-list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Token</th>
            <th scope="col">Projects</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Revoked</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => {
            const expired = Date.parse(t.expiresAt) <= now;
            return (
              <tr key={t.id} data-testid={`token-${t.name}`}>
                <th scope="row">{t.name}</th>
                <td>
                  <code>gst_{t.prefix}…</code>
                </td>
                <td>{t.projectSlugs === null ? "all" : t.projectSlugs.join(", ")}</td>
                <td>
                  {t.maxRole}
                  {t.siteAdmin ? " + site admin" : ""}
                </td>
                <td>
                  <DateTime at={t.createdAt} />
                </td>
                <td>
                  <DateTime at={t.expiresAt} />
                  {expired && " (expired)"}
                </td>
                <td>{t.lastUsedAt ? <DateTime at={t.lastUsedAt} /> : "never"}</td>
                <td data-testid="token-revoked">{t.revokedAt ? <DateTime at={t.revokedAt} /> : "no"}</td>
                <td>
                  {!t.revokedAt && !expired && (
                    <button type="button" onClick={() => revoke.mutate(t.id)} disabled={revoke.isPending} aria-label={`Revoke token ${t.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
