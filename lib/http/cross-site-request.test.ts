import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site-request";

const request = (method: string, pathname: string, headers: Record<string, string>, publicUrl?: string, trustProxy = false) =>
  crossSiteRefusal({ method, pathname, headers: new Headers({ host: "127.0.0.1:3000", ...headers }), publicUrl, trustProxy });

describe("crossSiteRefusal", () => {
  it("refuses a write from another port of the same host, and an opaque origin", () => {
    expect(request("POST", "/api/projects/p/members", { origin: "http://127.0.0.1:8080", "content-type": "application/json" })).toBe(
      "Requests from http://127.0.0.1:8080 are not accepted: use the app's own pages.",
    );
    expect(request("PATCH", "/api/projects/p/settings", { origin: "null", "content-type": "application/json" })).not.toBeNull();
  });

  it("refuses form-encoded and text bodies on JSON routes, even from the app's own origin", () => {
    const own = { origin: "http://127.0.0.1:3000" };
    expect(request("POST", "/api/projects/p/members", { ...own, "content-type": "application/x-www-form-urlencoded" })).toBe(
      "Send the body as application/json, not application/x-www-form-urlencoded.",
    );
    expect(request("POST", "/api/projects/p/members", { ...own, "content-type": "text/plain;charset=UTF-8" })).toBe("Send the body as application/json, not text/plain.");
    expect(request("POST", "/api/projects/p/members", { ...own, "content-length": "12" })).toBe("Send the body as application/json.");
  });

  it("refuses a cross-site write without Origin when Fetch Metadata says so", () => {
    expect(request("POST", "/api/projects/p/undo", { "sec-fetch-site": "same-site" })).toBe("Cross-site requests (same-site) are not accepted.");
  });

  it("lets the app's own writes through: JSON, bodiless POSTs, uploads, next-auth's forms, and the public URL behind a proxy", () => {
    expect(request("POST", "/api/projects/p/members", { origin: "http://127.0.0.1:3000", "content-type": "application/json; charset=utf-8" })).toBeNull();
    expect(request("POST", "/api/projects/p/undo", { origin: "http://127.0.0.1:3000" })).toBeNull();
    expect(request("POST", "/api/projects/p/import", { origin: "http://127.0.0.1:3000", "content-type": "application/octet-stream" })).toBeNull();
    expect(request("POST", "/api/auth/signout", { origin: "http://127.0.0.1:3000", "content-type": "application/x-www-form-urlencoded" })).toBeNull();
    expect(request("POST", "/api/projects/p/undo", { origin: "https://goldset.example.org" }, "https://goldset.example.org")).toBeNull();
    expect(request("GET", "/api/projects", { origin: "http://elsewhere.example" })).toBeNull();
  });

  it("takes uploads only as application/octet-stream, not as a form another site could post", () => {
    expect(request("POST", "/api/projects/p/import", { origin: "http://127.0.0.1:3000", "content-type": "multipart/form-data; boundary=x" })).toBe(
      "Upload the file as application/octet-stream.",
    );
    expect(request("POST", "/api/v1/projects/p/import", { origin: "http://127.0.0.1:3000", "content-type": "multipart/form-data; boundary=x" })).toBe(
      "Upload the file as application/octet-stream.",
    );
  });

  it("checks next-auth's posts for their origin too", () => {
    expect(request("POST", "/api/auth/callback/credentials", { origin: "http://127.0.0.1:8080", "content-type": "application/x-www-form-urlencoded" })).not.toBeNull();
  });

  it("believes X-Forwarded-Host only behind a trusted proxy (GOLDSET_TRUST_PROXY=1), and then its last entry", () => {
    const write = { "content-type": "application/json" };
    const forged = { ...write, origin: "http://evil.example", "x-forwarded-host": "evil.example" };
    expect(request("POST", "/api/projects/p/members", forged)).toBe("Requests from http://evil.example are not accepted: use the app's own pages.");
    expect(request("POST", "/api/projects/p/members", forged, "https://goldset.example.org")).toBe(
      "Requests from http://evil.example are not accepted: use the app's own pages.",
    );
    // Untrusted, the request's Host and NEXTAUTH_URL still count.
    expect(request("POST", "/api/projects/p/members", { ...write, origin: "http://127.0.0.1:3000", "x-forwarded-host": "evil.example" })).toBeNull();
    expect(request("POST", "/api/projects/p/members", { ...write, origin: "https://goldset.example.org" }, "https://goldset.example.org")).toBeNull();

    const behindProxy = { ...write, origin: "https://goldset.example.org", "x-forwarded-host": "evil.example, goldset.example.org" };
    expect(request("POST", "/api/projects/p/members", behindProxy, undefined, true)).toBeNull();
    expect(request("POST", "/api/projects/p/members", behindProxy)).toBe("Requests from https://goldset.example.org are not accepted: use the app's own pages.");
    expect(request("POST", "/api/projects/p/members", { ...forged, "x-forwarded-host": "evil.example, goldset.example.org" }, undefined, true)).toBe(
      "Requests from http://evil.example are not accepted: use the app's own pages.",
    );
  });
});
