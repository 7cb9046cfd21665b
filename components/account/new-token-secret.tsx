"use client";
import { useEffect, useRef, useState } from "react";

/** A token's secret, the one time it is shown: selectable, copyable, with the warning that it will not come back. */
export function NewTokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const field = useRef<HTMLInputElement>(null);
  // Focus lands on the secret so a keyboard user finds it at once, and it is selected for a manual copy.
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context (https or localhost); the field stays selectable.
      field.current?.select();
      setCopied("failed");
    }
  };
  return (
    <div className="card new-token" role="region" aria-labelledby="new-token-title" data-testid="new-token">
      <h3 id="new-token-title">Token “{name}” created</h3>
      <p role="alert" className="error">
        Copy it now: it is shown only this once. Goldset keeps only a fingerprint of it and cannot show it again.
      </p>
      <div className="form inline">
        <label className="visually-hidden" htmlFor="new-token-secret">
          The new access token
        </label>
        <input id="new-token-secret" ref={field} readOnly value={secret} size={50} data-testid="new-token-secret" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p aria-live="polite" className="muted">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "The browser did not allow copying: the token is selected, copy it with Ctrl+C." : ""}
      </p>
    </div>
  );
}
