// `goldset token create|list|revoke`: the operator's side of personal access tokens. `create`
// prints the token alone on stdout (one line) so a script can capture it; everything else about
// it goes to stderr. Python client tests rely on this contract.
import { getDb } from "@/db";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenListing } from "@/db/queries/api-tokens";
import { getUserByEmail } from "@/db/queries/users";
import { PROJECT_ROLES, type ProjectRole } from "@/db/schema";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "@/lib/auth/access-token";
import { GoldsetError } from "@/lib/errors";
import { parseFlags, requireFlag } from "./args";

const CREATE_USAGE = "goldset token create --email E --name N [--project S]... [--role lead|reviewer|annotator] [--days N] [--site-admin]";
const LIST_USAGE = "goldset token list --email E";
const REVOKE_USAGE = "goldset token revoke --id ID";
const DAY_MS = 24 * 60 * 60 * 1000;

async function userByEmail(email: string) {
  const user = await getUserByEmail({ db: await getDb(), email });
  if (!user) throw new GoldsetError("not_found", `no user with email ${email}`);
  return user;
}

function parseDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOKEN_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) throw new GoldsetError("bad_request", `--days must be a whole number from 1 to ${MAX_TOKEN_DAYS}, not "${value}"`);
  return days;
}

export async function tokenCreate(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    { email: { type: "string" }, name: { type: "string" }, project: { type: "string", multiple: true }, role: { type: "string" }, days: { type: "string" }, "site-admin": { type: "boolean" } },
    CREATE_USAGE,
  );
  const email = requireFlag(flags.email, "email", CREATE_USAGE);
  const name = requireFlag(flags.name?.trim(), "name", CREATE_USAGE);
  const role = flags.role ?? "lead";
  if (!PROJECT_ROLES.includes(role as ProjectRole)) throw new GoldsetError("bad_request", `--role must be one of ${PROJECT_ROLES.join(", ")}, not "${role}"`);
  const days = parseDays(flags.days);
  const user = await userByEmail(email);
  const now = new Date();
  const { token, secret } = await createApiToken({
    db: await getDb(),
    user,
    name,
    projectSlugs: flags.project && flags.project.length > 0 ? flags.project : null,
    maxRole: role as ProjectRole,
    siteAdmin: flags["site-admin"] ?? false,
    expiresAt: new Date(now.getTime() + days * DAY_MS),
    actorId: null,
    now,
  });
  process.stdout.write(`${secret}\n`);
  const scope = flags.project && flags.project.length > 0 ? `projects ${[...new Set(flags.project)].join(", ")}` : "all projects";
  process.stderr.write(
    `Created access token "${token.name}" (id ${token.id}, gst_${token.prefix}…) for ${user.email}: ${scope}, role at most ${token.maxRole}${token.siteAdmin ? ", site admin" : ""}, expires ${token.expiresAt.toISOString()}.\n` +
      "The token is printed above, once: store it now, it cannot be shown again.\n",
  );
  return 0;
}

const COLUMNS: [header: string, cell: (t: ApiTokenListing) => string][] = [
  ["ID", (t) => t.id],
  ["NAME", (t) => t.name],
  ["PREFIX", (t) => `gst_${t.prefix}`],
  ["PROJECTS", (t) => (t.projectSlugs === null ? "all" : t.projectSlugs.join(","))],
  ["ROLE", (t) => `${t.maxRole}${t.siteAdmin ? "+admin" : ""}`],
  ["CREATED", (t) => t.createdAt.toISOString()],
  ["EXPIRES", (t) => t.expiresAt.toISOString()],
  ["LAST USED", (t) => t.lastUsedAt?.toISOString() ?? "never"],
  ["REVOKED", (t) => t.revokedAt?.toISOString() ?? "-"],
];

/** The rows as a plain-text table, columns padded to their widest cell. */
export function tokenTable(tokens: ApiTokenListing[]): string {
  const rows = [COLUMNS.map(([header]) => header), ...tokens.map((t) => COLUMNS.map(([, cell]) => cell(t)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}

export async function tokenList(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { email: { type: "string" } }, LIST_USAGE);
  const user = await userByEmail(requireFlag(flags.email, "email", LIST_USAGE));
  process.stdout.write(tokenTable(await listApiTokens({ db: await getDb(), userId: user.id })));
  return 0;
}

export async function tokenRevoke(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { id: { type: "string" } }, REVOKE_USAGE);
  const id = requireFlag(flags.id, "id", REVOKE_USAGE);
  // The operator acts with the server's own authority, like the other CLI commands.
  const token = await revokeApiToken({ db: await getDb(), id, actor: { id: null, isAdmin: true } });
  process.stderr.write(`Revoked access token "${token.name}" (gst_${token.prefix}…).\n`);
  return 0;
}
