/**
 * A loopback HTTP server that lets a real browser run Goldset's own TypeScript modules without a
 * bundler, for benchmarks: .ts files under lib/ and scripts/ are stripped of types on request
 * (TypeScript's transpileModule), "@huggingface/transformers" is pointed at its self-contained
 * browser build, and every response carries the COOP/COEP headers that make the page
 * cross-origin isolated, so WebAssembly threads are allowed.
 *
 * Routes: / (the bench page), /lib/** and /scripts/** (modules), /vendor/transformers.js,
 * /ort/* (the onnxruntime-web runtime the app copies to public/ort), /models/** (GET and HEAD,
 * with the ETag and Last-Modified the app's models route sends, so the worker's model file cache
 * behaves here as in the app).
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import ts from "typescript";
import { modelFileEtag } from "../../lib/ml/model-file-version";
import { findOrtRuntimeFiles } from "../copy-ort-wasm.mjs";

export interface ModuleServerOptions {
  readonly repoRoot: string;
  readonly modelsDir: string;
  /** Module (URL path) the page imports and exposes as window.benchDriver. */
  readonly driverModule: string;
  /** Called with every request's method and path, e.g. to count model downloads. */
  readonly onRequest?: (method: string, pathname: string) => void;
}

export interface ModuleServer {
  readonly origin: string;
  close(): Promise<void>;
}

const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
} as const;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".ts": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".onnx": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
};

function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
}

/** `relative` inside `root`, or null when it would escape it. */
function inside(root: string, relative: string): string | null {
  const resolved = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  return resolved === root || resolved.startsWith(`${root}${path.sep}`) ? resolved : null;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((info) => info.isFile(), () => false);
}

/** Rewrites import specifiers the browser cannot resolve on its own. */
function rewriteSpecifiers(code: string): string {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"']+)\2/g, (match, lead: string, quote: string, specifier: string) => {
    if (specifier === "@huggingface/transformers") return `${lead}${quote}/vendor/transformers.js${quote}`;
    if (specifier.startsWith("@/")) return `${lead}${quote}/${specifier.slice(2)}${quote}`;
    return match;
  });
}

/** Modules are served from lib/ and scripts/ only. */
async function transpiledModule(repoRoot: string, urlPath: string): Promise<string | null> {
  const [, top = "", ...rest] = urlPath.split("/");
  const base = top === "lib" || top === "scripts" ? inside(path.join(repoRoot, top), rest.join("/")) : null;
  if (!base) return null;
  const candidates = base.endsWith(".ts") || base.endsWith(".mjs") ? [base] : [`${base}.ts`, `${base}.mjs`];
  for (const file of candidates) {
    if (!(await isFile(file))) continue;
    const source = await readFile(file, "utf8");
    if (file.endsWith(".mjs")) return rewriteSpecifiers(source);
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
    });
    return rewriteSpecifiers(outputText);
  }
  return null;
}

function benchPage(driverModule: string): string {
  return `<!doctype html>
<meta charset="utf-8">
<title>goldset embedding bench</title>
<script type="module">
  import * as driver from ${JSON.stringify(driverModule)};
  window.benchDriver = driver;
  document.title = "ready";
</script>`;
}

export async function startModuleServer(options: ModuleServerOptions): Promise<ModuleServer> {
  const repoRoot = path.resolve(options.repoRoot);
  const modelsDir = path.resolve(options.modelsDir);
  const ort = findOrtRuntimeFiles();
  const transformersBrowserBuild = path.join(repoRoot, "node_modules/@huggingface/transformers/dist/transformers.js");

  const sendFile = async (response: http.ServerResponse, file: string, headOnly: boolean, versioned = false): Promise<void> => {
    const info = await stat(file);
    const version = versioned ? { ETag: modelFileEtag(info.size, info.mtime), "Last-Modified": info.mtime.toUTCString() } : {};
    response.writeHead(200, { ...ISOLATION_HEADERS, ...version, "Content-Type": contentType(file), "Content-Length": info.size });
    if (headOnly) response.end();
    else createReadStream(file).pipe(response);
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const pathname = decodeURIComponent(url.pathname);
    const headOnly = request.method === "HEAD";
    options.onRequest?.(request.method ?? "GET", pathname);
    const notFound = (): void => {
      response.writeHead(404, { ...ISOLATION_HEADERS, "Content-Type": "text/plain" }).end(`not found: ${pathname}`);
    };

    if (pathname === "/") {
      response.writeHead(200, { ...ISOLATION_HEADERS, "Content-Type": CONTENT_TYPES[".html"] });
      response.end(headOnly ? undefined : benchPage(options.driverModule));
      return;
    }
    if (pathname === "/favicon.ico") {
      response.writeHead(204, ISOLATION_HEADERS).end();
      return;
    }
    if (pathname === "/vendor/transformers.js") return sendFile(response, transformersBrowserBuild, headOnly);
    if (pathname.startsWith("/ort/")) {
      const name = pathname.slice("/ort/".length);
      return ort.files.includes(name) ? sendFile(response, path.join(ort.sourceDir, name), headOnly) : notFound();
    }
    if (pathname.startsWith("/models/")) {
      const file = inside(modelsDir, pathname.slice("/models/".length));
      return file && (await isFile(file)) ? sendFile(response, file, headOnly, true) : notFound();
    }
    if (pathname.startsWith("/lib/") || pathname.startsWith("/scripts/")) {
      const code = await transpiledModule(repoRoot, pathname);
      if (code === null) return notFound();
      response.writeHead(200, { ...ISOLATION_HEADERS, "Content-Type": CONTENT_TYPES[".js"] });
      response.end(headOnly ? undefined : code);
      return;
    }
    notFound();
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
