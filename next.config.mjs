// Next.js telemetry stays off unless someone opts in by setting NEXT_TELEMETRY_DISABLED themselves
// (to an empty value): Next reads the variable after it loads this file, for builds and servers
// alike. `next dev`'s outer process never loads this file, so the dev script sets it too.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "onnxruntime-node", "@huggingface/transformers", "sharp"],
  poweredByHeader: false,
  experimental: {
    // The proxy sees JSON API requests, and Next buffers what it sees up to this size, dropping
    // the chunk that crosses it. A MiB above the JSON limit leaves the route more than the limit
    // to read, so an oversized body still meets its 413. Uploads bypass the proxy.
    proxyClientMaxBodySize: Number(process.env.GOLDSET_MAX_JSON_BYTES || 512 * 1024) + 1024 * 1024,
  },
  // /api/v1 is the stable address automation uses (docs/decisions/0007-public-api.md): today it
  // serves the same handlers as /api, and docs/api/openapi.json records its contract.
  async rewrites() {
    return [{ source: "/api/v1/:path*", destination: "/api/:path*" }];
  },
  async headers() {
    return [
      {
        // Cross-origin isolation lets onnxruntime-web use SharedArrayBuffer, hence wasm threads.
        // Everything the app loads is same-origin, so require-corp costs nothing.
        source: "/:path*",
        headers: [
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
