import { beforeEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";

// The request's cookies, as next/headers would hand them to a route handler.
const jar = new Map<string, string>();
const requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [...jar].map(([name, value]) => ({ name, value })) }),
  headers: async () => requestHeaders,
}));

const SECRET = "session-claims-test-secret";
process.env.NEXTAUTH_SECRET = SECRET;
const { decodeOnce, sessionClaims } = await import("./session-claims");

beforeEach(() => {
  jar.clear();
  requestHeaders.delete("authorization");
});

describe("sessionClaims", () => {
  it("reads the user id and session version from next-auth's session cookie", async () => {
    jar.set("next-auth.session-token", await encode({ token: { uid: "u1", sv: 3 }, secret: SECRET }));
    jar.set("next-auth.csrf-token", "unrelated");
    expect(await sessionClaims()).toMatchObject({ uid: "u1", sv: 3 });
    // The same cookie again: the same claims (from the cache).
    expect(await sessionClaims()).toMatchObject({ uid: "u1", sv: 3 });
  });

  it("joins a token next-auth split over several cookies", async () => {
    const token = await encode({ token: { uid: "u2", sv: 0 }, secret: SECRET });
    const half = Math.ceil(token.length / 2);
    jar.set("next-auth.session-token.0", token.slice(0, half));
    jar.set("next-auth.session-token.1", token.slice(half));
    expect(await sessionClaims()).toMatchObject({ uid: "u2", sv: 0 });
  });

  it("answers null without a cookie, for a tampered token and for one made with another secret", async () => {
    expect(await sessionClaims()).toBeNull();
    const token = await encode({ token: { uid: "u3", sv: 1 }, secret: SECRET });
    jar.set("next-auth.session-token", `${token.slice(0, -4)}AAAA`);
    expect(await sessionClaims()).toBeNull();
    jar.set("next-auth.session-token", await encode({ token: { uid: "u3", sv: 1 }, secret: "another secret" }));
    expect(await sessionClaims()).toBeNull();
  });

  it("stops answering a cached token once it has expired, and a token cached under one secret is not good for another", async () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
    try {
      const token = await encode({ token: { uid: "u4", sv: 1 }, secret: SECRET, maxAge: 60 });
      expect(await decodeOnce({ token, secret: SECRET })).toMatchObject({ uid: "u4" });
      expect(await decodeOnce({ token, secret: "another secret" }).catch(() => null)).toBeNull();
      vi.setSystemTime(Date.now() + 50_000);
      expect(await decodeOnce({ token, secret: SECRET })).toMatchObject({ uid: "u4" });
      // Past the expiry and next-auth's 15 s of clock tolerance.
      vi.setSystemTime(Date.now() + 30_000);
      expect(await decodeOnce({ token, secret: SECRET })).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers a Bearer token instead of the cookie when the request carries one, even an empty one", async () => {
    jar.set("next-auth.session-token", await encode({ token: { uid: "u5", sv: 0 }, secret: SECRET }));
    requestHeaders.set("authorization", "Bearer gst_secret");
    expect(await sessionClaims()).toEqual({ bearer: "gst_secret" });
    requestHeaders.set("authorization", "Bearer");
    expect(await sessionClaims()).toEqual({ bearer: "" });
    requestHeaders.set("authorization", "Basic dXNlcjpwYXNz");
    expect(await sessionClaims()).toMatchObject({ uid: "u5", sv: 0 });
  });
});
