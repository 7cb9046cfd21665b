import { describe, expect, it } from "vitest";
import { nonPublicRange, parseAllowedHosts, refusalFor } from "./outbound-host-policy";

describe("nonPublicRange", () => {
  it("names every inward range, in both IPv4 and IPv6 spellings", () => {
    const cases: [string, string][] = [
      ["127.0.0.1", "loopback"],
      ["127.255.0.9", "loopback"],
      ["0.0.0.0", "this network"],
      ["10.1.2.3", "private"],
      ["172.16.0.1", "private"],
      ["172.31.255.255", "private"],
      ["192.168.1.20", "private"],
      ["169.254.169.254", "link-local"],
      ["100.64.0.1", "shared address space"],
      ["224.0.0.251", "multicast"],
      ["255.255.255.255", "reserved"],
      ["::", "unspecified, loopback or IPv4-compatible"],
      ["::1", "unspecified, loopback or IPv4-compatible"],
      ["::7f00:1", "unspecified, loopback or IPv4-compatible"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["::ffff:a9fe:a9fe", "link-local"],
      ["::ffff:192.168.0.1", "private"],
      ["fc00::1", "unique-local"],
      ["fd12:3456::1", "unique-local"],
      ["fe80::1", "link-local"],
      ["64:ff9b::a00:1", "NAT64"],
      ["2002:7f00:1::", "6to4"],
      ["2001:db8::1", "documentation"],
    ];
    for (const [address, range] of cases) expect(nonPublicRange(address), address).toBe(range);
  });

  it("lets public addresses through, including the neighbours of private ranges", () => {
    for (const address of ["8.8.8.8", "172.15.255.255", "172.32.0.0", "192.169.0.1", "100.63.255.255", "11.0.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(nonPublicRange(address), address).toBeNull();
    }
  });
});

describe("parseAllowedHosts and refusalFor", () => {
  it("refuses every inward address when nothing is listed, naming the host, the address and the setting", () => {
    const policy = parseAllowedHosts(undefined);
    expect(refusalFor(policy, "localhost", "127.0.0.1", 8000)).toBe(
      "Refused to send LLM requests to localhost (it resolves to 127.0.0.1): a loopback address. " +
        "The server only contacts public hosts unless GOLDSET_LLM_ALLOWED_HOSTS lists the host, e.g. GOLDSET_LLM_ALLOWED_HOSTS=localhost:8000.",
    );
    expect(refusalFor(policy, "[::1]", "::1", 8000)).toMatch(/^Refused to send LLM requests to ::1: a unspecified, loopback/);
    expect(refusalFor(policy, "api.example.com", "93.184.215.14", 8000)).toBeNull();
  });

  it("allows a listed name, address or range, and only that", () => {
    const policy = parseAllowedHosts(" Ollama.LAN. , 127.0.0.1,[::1], 10.0.0.0/8 ,fc00::/7,");
    expect(refusalFor(policy, "ollama.lan", "192.168.1.5", 8000)).toBeNull();
    expect(refusalFor(policy, "127.0.0.1", "127.0.0.1", 8000)).toBeNull();
    expect(refusalFor(policy, "mapped", "::ffff:127.0.0.1", 8000)).toBeNull();
    expect(refusalFor(policy, "::1", "::1", 8000)).toBeNull();
    expect(refusalFor(policy, "vllm", "10.20.30.40", 8000)).toBeNull();
    expect(refusalFor(policy, "vllm6", "fd00::5", 8000)).toBeNull();
    expect(refusalFor(policy, "127.0.0.2", "127.0.0.2", 8000)).not.toBeNull();
    expect(refusalFor(policy, "metadata", "169.254.169.254", 8000)).not.toBeNull();
    expect(refusalFor(policy, "elsewhere", "192.168.1.5", 8000)).not.toBeNull();
  });

  it("names the entry it cannot read", () => {
    expect(() => parseAllowedHosts("localhost,127.0.0.1:abc")).toThrow('GOLDSET_LLM_ALLOWED_HOSTS: "127.0.0.1:abc" is not a host name, an IP address or a CIDR range');
    expect(() => parseAllowedHosts("127.0.0.1:0")).toThrow('GOLDSET_LLM_ALLOWED_HOSTS: "127.0.0.1:0" has no valid port (1 to 65535 after the colon)');
    expect(() => parseAllowedHosts("localhost:65536")).toThrow('"localhost:65536" has no valid port');
    expect(() => parseAllowedHosts("[::1]:")).toThrow('"[::1]:" has no valid port');
    expect(() => parseAllowedHosts("10.0.0.0/8:11434")).toThrow('"10.0.0.0/8:11434" is not a CIDR range');
    expect(() => parseAllowedHosts("http://localhost")).toThrow('"http://localhost" is not a host name');
    expect(() => parseAllowedHosts("10.0.0.0/33")).toThrow('"10.0.0.0/33" is not a CIDR range');
    expect(() => parseAllowedHosts("intranet/8")).toThrow('"intranet/8" is not a host name');
  });

  it("allows an entry with a port on that port only, and an entry without one on every port", () => {
    const policy = parseAllowedHosts("127.0.0.1:11434, localhost:8000,localhost:8001, [::1]:11434, ollama.lan, 10.0.0.5, ::2");
    expect(refusalFor(policy, "127.0.0.1", "127.0.0.1", 11434)).toBeNull();
    expect(refusalFor(policy, "127.0.0.1", "127.0.0.1", 3000)).toBe(
      "Refused to send LLM requests to 127.0.0.1 on port 3000: GOLDSET_LLM_ALLOWED_HOSTS allows it on port 11434 only.",
    );
    expect(refusalFor(policy, "mapped", "::ffff:127.0.0.1", 11434)).toBeNull();
    expect(refusalFor(policy, "localhost", "127.0.0.2", 8001)).toBeNull();
    expect(refusalFor(policy, "localhost", "127.0.0.2", 80)).toBe(
      "Refused to send LLM requests to localhost on port 80: GOLDSET_LLM_ALLOWED_HOSTS allows it on ports 8000, 8001 only.",
    );
    expect(refusalFor(policy, "[::1]", "::1", 11434)).toBeNull();
    expect(refusalFor(policy, "[::1]", "::1", 11435)).toMatch(/^Refused to send LLM requests to ::1 on port 11435: .* on port 11434 only\.$/);
    // A bare IPv6 address's last group is not a port.
    expect(refusalFor(policy, "::2", "::2", 1)).toBeNull();
    expect(refusalFor(policy, "ollama.lan", "192.168.1.5", 1)).toBeNull();
    expect(refusalFor(policy, "10.0.0.5", "10.0.0.5", 65_535)).toBeNull();
    expect(refusalFor(policy, "[::3]", "::3", 8080)).toContain("e.g. GOLDSET_LLM_ALLOWED_HOSTS=[::3]:8080.");
  });
});
