// The pages' Content-Security-Policy. Scripts run only with the per-request nonce (Next.js puts it
// on its own scripts) or when loaded by those ('strict-dynamic'). The embedding worker needs
// 'wasm-unsafe-eval' and worker-src; React's style props render as style attributes, hence
// 'unsafe-inline' for styles only.

export function contentSecurityPolicy(nonce: string, { development }: { development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
