import type { ApiProblem } from "./api-client";

export function FieldErrors({ message, problems }: { message: string | null; problems: ApiProblem[] }) {
  if (!message) return null;
  return (
    <div role="alert" className="error" data-testid="form-error">
      <p>{message}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
