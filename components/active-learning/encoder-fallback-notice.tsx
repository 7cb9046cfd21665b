// What the annotate page says when no sentence encoder could be loaded. Only a lead (or a site
// admin) can put the model files on the server, so only they get the reason and the instructions;
// everyone else gets one quiet line, since there is nothing for them to do.
const FALLBACK = "The queue is ranked with hashed word and character n-gram features instead.";

export function EncoderFallbackNotice({ reason, canFix }: { reason: string; canFix: boolean }) {
  if (!canFix) {
    return (
      <p className="embedding-status muted" data-testid="embedding-status" data-state="failed">
        Items are ordered with a simpler text model for now; nothing changes for your labels.
      </p>
    );
  }
  return (
    <p className="embedding-status fallback" role="status" data-testid="embedding-status" data-state="failed">
      <strong>No encoder could be loaded; hashed n-gram fallback in use.</strong> {reason} {FALLBACK}
    </p>
  );
}
