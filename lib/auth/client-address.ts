// Which address a request came from, for the sign-in throttle. Next.js keeps a client-sent
// X-Forwarded-For as it is, so that header is believed only behind a proxy the operator trusts
// (GOLDSET_TRUST_PROXY=1), and then only its last entry, the one that proxy appended. Otherwise
// the address is the TCP peer's, which installPeerAddressHeader copies into a header of our own
// before Next.js sees the request.
import "server-only";
import http from "node:http";
import { env } from "@/lib/env";

export const PEER_ADDRESS_HEADER = "x-goldset-peer-address";

const installed = globalThis as unknown as { goldsetPeerAddressHeader?: boolean };

/** Called once per server process (instrumentation.ts), before requests are served. */
export function installPeerAddressHeader(): void {
  if (installed.goldsetPeerAddressHeader) return;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithPeerAddress(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      // Always overwritten, so a client cannot choose its own value.
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
  installed.goldsetPeerAddressHeader = true;
}

/** The client's address, or null when it cannot be known without trusting the client. */
export function clientAddress(
  headers: Record<string, string | string[] | undefined>,
  trustProxy: boolean = env().GOLDSET_TRUST_PROXY === "1",
): string | null {
  const pick = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  if (trustProxy) {
    const forwarded = pick("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean);
    if (forwarded && forwarded.length > 0) return forwarded[forwarded.length - 1]!;
  }
  // Without the header installed (a process that skipped instrumentation) the value could be forged.
  return (installed.goldsetPeerAddressHeader && pick(PEER_ADDRESS_HEADER)) || null;
}
