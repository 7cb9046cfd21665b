// The error shape of lib/http/error-body.ts as a schema: the document's components.schemas.Error,
// and what the tests hold every error answer against.
import { z } from "zod";

export const ERROR_CODES = [
  "unauthorized",
  "forbidden",
  "not_found",
  "bad_request",
  "conflict",
  "invalid_import",
  "payload_too_large",
  "too_many_requests",
  "internal",
] as const;

export const problemSchema = z
  .object({
    field: z.string().optional().describe('Where in the input: a dotted path ("labels.1.name"), a query parameter, or a column of an imported file.'),
    line: z.number().int().positive().optional().describe("The line of an imported file the problem is on."),
    message: z.string().describe("A complete sentence that already names its place."),
  })
  .strict();

export const errorSchema = z
  .object({
    error: z.enum(ERROR_CODES).describe("A code a script can branch on; the HTTP status says the same."),
    message: z.string().describe("What was wrong and what to do, for a person."),
    field: z.string().optional().describe("The first field at fault, when the error is about the input."),
    problems: z.array(problemSchema).optional().describe("Every problem found, when there is more than one thing to say (a file import lists them all)."),
  })
  .strict()
  .meta({ id: "Error" });
