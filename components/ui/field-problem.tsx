import type { ApiProblem } from "./api-client";

/** The problems the server reported for one field, or for any part of it ("labels.1.name" is part of "labels"). */
export function problemsOf(problems: readonly ApiProblem[], field: string): ApiProblem[] {
  return problems.filter((p) => p.field === field || p.field?.startsWith(`${field}.`));
}

/**
 * What was wrong with one field, shown right under it; `describedBy` goes on the input so that a
 * screen reader reads the problem with the field.
 */
export function FieldProblem({ id, problems, field }: { id: string; problems: readonly ApiProblem[]; field: string }) {
  const mine = problemsOf(problems, field);
  if (mine.length === 0) return null;
  return (
    <span id={id} className="field-error" data-testid={`field-error-${field}`}>
      {mine.map((p) => p.message).join(" ")}
    </span>
  );
}

/** The attributes that tie an input to its FieldProblem. */
export function invalidWhen(problems: readonly ApiProblem[], field: string, id: string): { "aria-invalid"?: true; "aria-describedby"?: string } {
  return problemsOf(problems, field).length > 0 ? { "aria-invalid": true, "aria-describedby": id } : {};
}
