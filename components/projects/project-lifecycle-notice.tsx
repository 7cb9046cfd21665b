/** What an annotator sees instead of items while the project is archived. */
export function ArchivedProjectNotice({ projectName }: { projectName: string }) {
  return (
    <section className="card" data-testid="project-archived" role="status">
      <h1>{projectName} is archived</h1>
      <p>There is nothing to label: the project is read-only until a lead unarchives it.</p>
    </section>
  );
}
