#!/usr/bin/env node
// The `goldset` command. It runs the TypeScript sources through tsx, so the CLI always uses the
// same lib/ and db/queries code as the app, with `server-only` resolved to its empty module.
import "../scripts/server-only/register.mjs";
import { register } from "tsx/esm/api";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.env.GOLDSET_MIGRATIONS_DIR ??= join(root, "db", "migrations");
process.env.GOLDSET_MIGRATIONS_PG_DIR ??= join(root, "db", "migrations-pg");
register({ tsconfig: join(root, "tsconfig.json") });
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
