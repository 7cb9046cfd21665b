// When the app takes an agreement snapshot on its own: every N current annotations. Computing
// over a whole project is too slow for the request that crosses the line, so the caller runs it
// after answering.
export const AGREEMENT_SNAPSHOT_EVERY = 50;

export function snapshotDue(annotationCount: number, every = AGREEMENT_SNAPSHOT_EVERY): boolean {
  return annotationCount > 0 && annotationCount % every === 0;
}
