export function AccessDenied({ reason }: { reason: string }) {
  return (
    <section className="card denied" data-testid="access-denied">
      <h1>Not allowed</h1>
      <p>{reason}</p>
    </section>
  );
}
