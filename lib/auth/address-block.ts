// What the sign-in throttle counts as one client address. An IPv6 host is commonly handed a whole
// /64, and picking a fresh address inside it costs nothing, so a /64 counts as one address; an
// IPv4 client reaching a dual-stack listener shows up as ::ffff:a.b.c.d and counts as a.b.c.d.
import { isIPv4, isIPv6 } from "node:net";

/** `a.b.c.d` for IPv4 (mapped or not), `g1:g2:g3:g4::/64` for other IPv6, anything else as given. */
export function addressBlock(address: string): string {
  // Brackets come from URL-style spellings, a zone (`%eth0`) from link-local peers.
  const bare = address.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "").toLowerCase();
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an address isIPv6 accepted: at most one `::`, an IPv4 tail only last. */
function ipv6Groups(address: string): number[] {
  const compressed = address.indexOf("::");
  if (compressed === -1) return groupsOf(address);
  const head = groupsOf(address.slice(0, compressed));
  const tail = groupsOf(address.slice(compressed + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function groupsOf(part: string): number[] {
  if (part === "") return [];
  return part.split(":").flatMap((piece) => {
    if (!piece.includes(".")) return [parseInt(piece, 16)];
    const [a, b, c, d] = piece.split(".").map(Number) as [number, number, number, number];
    return [(a << 8) | b, (c << 8) | d];
  });
}
