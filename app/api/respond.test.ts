// Every error a route answers through respond.ts is the one shape the API document promises.
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { errorSchema } from "@/lib/api/openapi/error-schema";
import { GoldsetError } from "@/lib/errors";
import { errorResponse } from "./respond";

async function bodyOf(response: Response) {
  return errorSchema.parse(await response.json());
}

describe("errorResponse", () => {
  it("answers a GoldsetError with its code, status and message, and no field when it names none", async () => {
    const response = errorResponse(new GoldsetError("conflict", "The project is archived."));
    expect(response.status).toBe(409);
    expect(await bodyOf(response)).toEqual({ error: "conflict", message: "The project is archived." });
  });

  it("keeps an import's problems with their lines, and names the first field among them", async () => {
    const problems = [{ line: 2, message: "line 2: not JSON" }, { line: 5, field: "text", message: 'line 5: field "text" is empty' }];
    const response = errorResponse(new GoldsetError("invalid_import", "t.jsonl: 2 problems.", problems));
    expect(response.status).toBe(422);
    expect(await bodyOf(response)).toEqual({ error: "invalid_import", message: "t.jsonl: 2 problems.", field: "text", problems });
  });

  it("answers a failed validation with 400, the first offending field and one problem per issue", async () => {
    const parsed = z.object({ name: z.string().min(1), overlap: z.number().max(20) }).safeParse({ name: "", overlap: 21 });
    const response = errorResponse(parsed.error);
    expect(response.status).toBe(400);
    const body = await bodyOf(response);
    expect(body.error).toBe("bad_request");
    expect(body.field).toBe("name");
    expect(body.problems?.map((p) => p.field)).toEqual(["name", "overlap"]);
    expect(body.message).toMatch(/^Invalid request: name: .+; overlap: .+$/);
  });

  it("answers anything unexpected with a generic 500 in the same shape, and logs it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new Error("disk on fire"));
    expect(response.status).toBe(500);
    expect(await bodyOf(response)).toEqual({ error: "internal", message: "Something went wrong on the server." });
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
