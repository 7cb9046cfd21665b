import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect } from "./callback-path";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackPath("/projects/sms/annotate?x=1#top", "/projects")).toBe("/projects/sms/annotate?x=1#top");
  });

  it("refuses every form that a browser would follow off the site", () => {
    for (const raw of ["/\\evil.example", "/\t/evil.example", "//evil.example", "/\n/evil.example", "https://evil.example/", "\\\\evil.example", "javascript:alert(1)", "", "/x/..//evil.example", "/.//evil.example", "/./..//evil.example", "/a/b/../..//evil.example/path"]) {
      expect(safeCallbackPath(raw, "/projects")).toBe("/projects");
    }
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  const baseUrl = "http://10.0.0.5:4100";
  it("resolves paths and same-origin URLs against the request's own origin", () => {
    expect(sameOriginRedirect({ url: "/login", baseUrl })).toBe("http://10.0.0.5:4100/login");
    expect(sameOriginRedirect({ url: "http://10.0.0.5:4100/projects", baseUrl })).toBe("http://10.0.0.5:4100/projects");
  });

  it("sends other origins and tricks home", () => {
    expect(sameOriginRedirect({ url: "http://10.0.0.5:3000/login", baseUrl })).toBe("http://10.0.0.5:4100");
    expect(sameOriginRedirect({ url: "/\\evil.example", baseUrl })).toBe("http://10.0.0.5:4100/");
    expect(sameOriginRedirect({ url: "https://evil.example/", baseUrl })).toBe("http://10.0.0.5:4100");
  });
});
