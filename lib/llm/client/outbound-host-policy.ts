import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Which addresses the server may send LLM requests to. A lead types the base URL, so without a
 * rule the server would POST wherever a member points it: its own loopback services, the cloud
 * metadata address, the private network behind it. Public addresses are allowed; every special-
 * purpose range (loopback, private, link-local, unique-local, CGNAT, documentation, multicast,
 * IPv4 embedded in IPv6 transition prefixes) is refused unless GOLDSET_LLM_ALLOWED_HOSTS lists
 * the host name, the address or a range holding it, on every port or, for an entry with a port,
 * on that port only: listing 127.0.0.1:11434 for a local Ollama does not open the app's own port
 * or any other loopback service. The check is made on resolved addresses (guarded-lookup.ts), so
 * a public-looking name that resolves inward is refused too.
 *
 * node:net's BlockList does the range arithmetic and matches IPv4-mapped IPv6 addresses
 * (`::ffff:127.0.0.1`) against IPv4 ranges, so one table covers both spellings.
 */

export interface OutboundHostPolicy {
  /** Lower-case host names, without a trailing dot, whose addresses are allowed: on every port (null) or on these. */
  names: ReadonlyMap<string, ReadonlySet<number> | null>;
  /** Addresses and ranges allowed on every port. */
  addresses: BlockList;
  /** Addresses listed with a port (`127.0.0.1:11434`), by that port. */
  addressesByPort: ReadonlyMap<number, BlockList>;
  /** The setting as given, for messages. */
  source: string;
}

/** IANA special-purpose ranges (RFC 6890 and successors): never a public LLM provider. */
const NON_PUBLIC_RANGES: readonly [string, number, "ipv4" | "ipv6", string][] = [
  ["0.0.0.0", 8, "ipv4", "this network"],
  ["10.0.0.0", 8, "ipv4", "private"],
  ["100.64.0.0", 10, "ipv4", "shared address space"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local"],
  ["172.16.0.0", 12, "ipv4", "private"],
  ["192.0.0.0", 24, "ipv4", "IETF protocol assignments"],
  ["192.0.2.0", 24, "ipv4", "documentation"],
  ["192.88.99.0", 24, "ipv4", "6to4 relay anycast"],
  ["192.168.0.0", 16, "ipv4", "private"],
  ["198.18.0.0", 15, "ipv4", "benchmarking"],
  ["198.51.100.0", 24, "ipv4", "documentation"],
  ["203.0.113.0", 24, "ipv4", "documentation"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved"],
  // ::/96 holds the unspecified address, ::1 and the deprecated IPv4-compatible form (::127.0.0.1).
  ["::", 96, "ipv6", "unspecified, loopback or IPv4-compatible"],
  ["64:ff9b::", 96, "ipv6", "NAT64"],
  ["64:ff9b:1::", 48, "ipv6", "NAT64"],
  ["100::", 64, "ipv6", "discard-only"],
  ["2001::", 23, "ipv6", "IETF protocol assignments"],
  ["2001:db8::", 32, "ipv6", "documentation"],
  ["2002::", 16, "ipv6", "6to4"],
  ["fc00::", 7, "ipv6", "unique-local"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["fec0::", 10, "ipv6", "site-local"],
  ["ff00::", 8, "ipv6", "multicast"],
];

const NON_PUBLIC = NON_PUBLIC_RANGES.map(([network, prefix, family, name]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, name };
});

/** What kind of special-purpose address this is, or null for a public one. */
export function nonPublicRange(address: string): string | null {
  const family = familyOf(address);
  if (family === null) throw new Error(`"${address}" is not an IP address`);
  return NON_PUBLIC.find(({ list }) => list.check(address, family))?.name ?? null;
}

function familyOf(address: string): "ipv4" | "ipv6" | null {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : null;
}

/** `[::1]` → `::1`, `Example.COM.` → `example.com`: how URL host names are compared to the list. */
export function normaliseHostName(hostname: string): string {
  const unbracketed = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return unbracketed.toLowerCase().replace(/\.$/, "");
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** The port a URL connects to: its own, or its scheme's default. */
export function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/**
 * Parses GOLDSET_LLM_ALLOWED_HOSTS: a comma-separated list of host names (`localhost`,
 * `ollama.lan`), IP addresses (`127.0.0.1`, `::1`) and CIDR ranges (`10.0.0.0/8`, `fc00::/7`),
 * allowed on every port; a host name or address may carry a port (`localhost:11434`,
 * `127.0.0.1:8000`, `[::1]:11434`), which allows that port only. Throws on the first entry that
 * is none of these, naming it.
 */
export function parseAllowedHosts(value: string | undefined): OutboundHostPolicy {
  const source = value ?? "";
  const names = new Map<string, Set<number> | null>();
  const addresses = new BlockList();
  const addressesByPort = new Map<number, BlockList>();
  for (const raw of source.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const cidr = /^([0-9a-f.:[\]]+)\/([^/]*)$/i.exec(entry);
    if (cidr) {
      const network = normaliseHostName(cidr[1]!);
      const prefixText = cidr[2]!;
      const family = familyOf(network);
      const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
      if (family === null || !(prefix <= (family === "ipv4" ? 32 : 128))) {
        throw new Error(`GOLDSET_LLM_ALLOWED_HOSTS: "${entry}" is not a CIDR range such as 10.0.0.0/8 or fc00::/7`);
      }
      addresses.addSubnet(network, prefix, family);
      continue;
    }
    const { host, port } = hostAndPort(entry);
    const family = familyOf(host);
    if (family !== null) {
      if (port === null) addresses.addAddress(host, family);
      else {
        const list = addressesByPort.get(port) ?? new BlockList();
        list.addAddress(host, family);
        addressesByPort.set(port, list);
      }
    } else if (HOST_NAME.test(host)) {
      const ports = names.get(host);
      if (port === null || ports === null) names.set(host, null);
      else names.set(host, new Set([...(ports ?? []), port]));
    } else {
      throw new Error(
        `GOLDSET_LLM_ALLOWED_HOSTS: "${entry}" is not a host name, an IP address or a CIDR range (list hosts without scheme, as host or host:port, separated by commas)`,
      );
    }
  }
  return { names, addresses, addressesByPort, source };
}

/** `host:port` and `[v6]:port` carry a port; a bare IPv6 address's colons are not one. */
function hostAndPort(entry: string): { host: string; port: number | null } {
  const bracketed = /^(\[[^\]]*\])(?::(\d*))?$/.exec(entry);
  const named = bracketed === null && isIP(entry) === 0 ? /^([^:]*):(\d*)$/.exec(entry) : null;
  const [, hostText, portText] = bracketed ?? named ?? [entry, entry, undefined];
  if (portText === undefined) return { host: normaliseHostName(hostText!), port: null };
  const port = portText === "" ? 0 : Number(portText);
  if (port < 1 || port > 65_535) throw new Error(`GOLDSET_LLM_ALLOWED_HOSTS: "${entry}" has no valid port (1 to 65535 after the colon)`);
  return { host: normaliseHostName(hostText!), port };
}

/**
 * Why the server may not connect to `address` on `port`, reached through the URL host `hostname`,
 * as a sentence for the lead, or null when it may. `sending` names what was refused (webhooks obey
 * the same list as LLM requests).
 */
export function refusalFor(policy: OutboundHostPolicy, hostname: string, address: string, port: number, sending = "LLM requests"): string | null {
  const range = nonPublicRange(address);
  if (range === null) return null;
  const host = normaliseHostName(hostname);
  const family = familyOf(address)!;
  const namePorts = policy.names.get(host);
  if (namePorts === null || namePorts?.has(port) || policy.addresses.check(address, family) || policy.addressesByPort.get(port)?.check(address, family)) {
    return null;
  }
  const otherPorts = [...(namePorts ?? []), ...[...policy.addressesByPort].filter(([, list]) => list.check(address, family)).map(([listed]) => listed)];
  if (otherPorts.length > 0) {
    const listed = [...new Set(otherPorts)].sort((a, b) => a - b);
    return `Refused to send ${sending} to ${host} on port ${port}: GOLDSET_LLM_ALLOWED_HOSTS allows it on port${listed.length > 1 ? "s" : ""} ${listed.join(", ")} only.`;
  }
  const resolved = host === normaliseHostName(address) ? "" : ` (it resolves to ${address})`;
  const suggestion = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return (
    `Refused to send ${sending} to ${host}${resolved}: a ${range} address. ` +
    `The server only contacts public hosts unless GOLDSET_LLM_ALLOWED_HOSTS lists the host, e.g. GOLDSET_LLM_ALLOWED_HOSTS=${suggestion}.`
  );
}
