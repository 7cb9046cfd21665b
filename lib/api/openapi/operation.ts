// What the API document says about one route and method; lib/api/openapi/operations.ts lists them.
import type { z } from "zod";
import type { ProjectAction } from "@/lib/auth/permissions";

/**
 * Who may call: nobody is asked, any signed-in user, site admins, whoever the site's rule lets
 * start projects, a signed-in browser session and not a token (a token cannot mint tokens), or a project member whose role has the permission (lib/auth/permissions.ts;
 * "member": any member, and site admins).
 */
export type ApiAccess = "public" | "signed-in" | "session-only" | "site-admin" | "project-creator" | { project: ProjectAction | "member" };

export type ApiTag = "Projects" | "Items" | "Import" | "Annotate" | "Review" | "Insights" | "Export" | "Gold" | "Model" | "LLM" | "Members" | "Jobs" | "Account" | "Site" | "Meta" | "Webhooks";

export type ApiResponse = {
  status: number;
  description: string;
  /** The answer's schema, where its shape is stable enough for a script to rely on. */
  schema?: z.ZodType;
  /** A file download instead of JSON. */
  contentType?: string;
};

export type ApiOperation = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The stable path, with {params}: "/api/v1/projects/{slug}/items". */
  path: string;
  summary: string;
  tag: ApiTag;
  access: ApiAccess;
  /** Path parameters' schemas, by name; a parameter not named here is a string. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body. */
  body?: z.ZodType;
  /** A file sent as the raw body (application/octet-stream), read as a stream: what the file holds. */
  upload?: string;
  response: ApiResponse;
  /** Other successful answers (an import big enough for a job answers 202 instead of 201). */
  otherResponses?: ApiResponse[];
};
