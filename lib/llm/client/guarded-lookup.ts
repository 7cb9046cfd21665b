import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { normaliseHostName, parseAllowedHosts, portOf, refusalFor, type OutboundHostPolicy } from "./outbound-host-policy";

/**
 * Applies the outbound host policy where the connection is made. The lookup below is handed to
 * node:http as the request's `lookup`, so the socket connects to the very addresses that were
 * checked: a DNS answer cannot change between the check and the connect (rebinding). IP-literal
 * hosts never reach a lookup, so requests check them first with `refusalForLiteral`. Both are
 * told the port the request connects to, since an allow-list entry may name one port only.
 */

/** Thrown (through the request's error) when the policy refuses a host; never retried. */
export class OutboundHostRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundHostRefusedError";
  }
}

let fromEnvironment: OutboundHostPolicy | undefined;

/** GOLDSET_LLM_ALLOWED_HOSTS, parsed once; a malformed entry fails every LLM request with its name. */
export function outboundHostPolicy(): OutboundHostPolicy {
  fromEnvironment ??= parseAllowedHosts(env().GOLDSET_LLM_ALLOWED_HOSTS);
  return fromEnvironment;
}

/** The refusal for a URL whose host is an IP literal (`127.0.0.1`, `[::1]`), else null. */
export function refusalForLiteral(policy: OutboundHostPolicy, url: URL, sending?: string): string | null {
  const host = normaliseHostName(url.hostname);
  return isIP(host) === 0 ? null : refusalFor(policy, host, host, portOf(url), sending);
}

/** A `lookup` for node:http(s) that resolves once and refuses unless every address is allowed on `port`. */
export function guardedLookup(policy: OutboundHostPolicy, port: number, sending?: string): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      // Refusing when any address is inward: a name that answers both ways is no public endpoint.
      const refusal = addresses.map(({ address }) => refusalFor(policy, hostname, address, port, sending)).find((reason) => reason !== null);
      if (refusal) return callback(new OutboundHostRefusedError(refusal), []);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Refuses a base URL whose host the policy does not allow, resolving a name now, as a bad request
 * naming the base URL field. For the settings form and the start of a run (server or CLI), which
 * say at once what is wrong; requests check again when they connect. A name that does not resolve
 * passes: the request itself reports that.
 */
export async function assertEndpointAllowed(baseUrl: string): Promise<void> {
  const policy = outboundHostPolicy();
  const url = new URL(baseUrl);
  const { hostname } = url;
  const refusal =
    isIP(normaliseHostName(hostname)) !== 0
      ? refusalForLiteral(policy, url)
      : await new Promise<string | null>((resolve) => {
          guardedLookup(policy, portOf(url))(hostname, { all: true }, (error) => resolve(error instanceof OutboundHostRefusedError ? error.message : null));
        });
  if (refusal !== null) throw new GoldsetError("bad_request", refusal, [{ field: "baseUrl", message: refusal }]);
}
