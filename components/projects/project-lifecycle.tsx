"use client";
// The lead's switches for the project as a whole: archive (read-only) and back, and delete, which
// asks for the project's name typed out so that it cannot happen by a stray click.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";

export function ProjectLifecycle({ slug, name, archived }: { slug: string; name: string; archived: boolean }) {
  const router = useRouter();
  const [typedName, setTypedName] = useState("");
  const toggle = useMutation({
    mutationFn: () => apiCall(`/api/projects/${slug}/${archived ? "unarchive" : "archive"}`, { body: {} }),
    onSuccess: () => router.refresh(),
  });
  const remove = useMutation({
    mutationFn: () => apiCall(`/api/projects/${slug}`, { method: "DELETE", body: { typedName } }),
    onSuccess: () => router.push("/projects"),
  });
  const error = [toggle.error, remove.error].find((e) => e instanceof ApiError) as ApiError | undefined;

  return (
    <section className="card" aria-labelledby="project-lifecycle-title" data-testid="project-lifecycle">
      <h2 id="project-lifecycle-title">Archive or delete</h2>
      <div className="lifecycle-row">
        <p>
          {archived
            ? "This project is archived: everyone can still read it, browse it and export snapshots, but nothing can be labelled, reviewed, imported or changed."
            : "Archiving makes the project read-only: annotators get no more items, and nothing can be labelled, reviewed, imported or changed until it is unarchived."}
        </p>
        <button type="button" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {archived ? "Unarchive project" : "Archive project"}
        </button>
      </div>
      <form
        className="form danger-zone"
        onSubmit={(event) => {
          event.preventDefault();
          remove.mutate();
        }}
      >
        <h3>Delete the project</h3>
        <p className="muted">
          The project disappears for everyone: its pages, its place in the lists and the command line. Its data is kept, and a site admin can restore it.
          Its slug stays taken.
        </p>
        <label>
          Type the project&apos;s name, <strong>{name}</strong>, to confirm
          <input value={typedName} onChange={(e) => setTypedName(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="danger" disabled={typedName !== name || remove.isPending}>
          Delete project
        </button>
      </form>
      <FieldErrors message={error?.message ?? null} problems={[]} />
    </section>
  );
}
