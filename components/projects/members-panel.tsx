"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

type Member = { userId: string; email: string; name: string; role: string };

export function MembersPanel({ slug, initial }: { slug: string; initial: Member[] }) {
  const [members, setMembers] = useState(initial);
  const add = useMutation({
    mutationFn: (form: FormData) =>
      apiCall<{ members: Member[] }>(`/api/projects/${slug}/members`, {
        body: { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "annotator") },
      }),
    onSuccess: (res) => setMembers(res.members),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => apiCall<{ members: Member[] }>(`/api/projects/${slug}/members/${userId}`, { method: "DELETE" }),
    onSuccess: (res) => setMembers(res.members),
  });
  const error = [add.error, remove.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table" data-testid="members">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{m.role}</td>
                <td>
                  <button type="button" className="link" onClick={() => remove.mutate(m.userId)} disabled={remove.isPending} aria-label={`Remove ${m.email}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={submitKeepingInput((f, form) => add.mutate(f, { onSuccess: () => form.reset() }))} className="form inline" data-testid="add-member-form">
        <input name="email" type="email" placeholder="email of an existing user" required />
        <select name="role" defaultValue="annotator">
          <option value="annotator">annotator</option>
          <option value="reviewer">reviewer</option>
          <option value="lead">lead</option>
        </select>
        <button type="submit" disabled={add.isPending}>
          Add or change role
        </button>
      </form>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
    </>
  );
}
