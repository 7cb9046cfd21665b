// `goldset <command>`: the operator's entry point. Each command lives in its own file and calls
// db/queries and lib/ directly, never the app's HTTP API.
import { GoldsetError } from "@/lib/errors";

type Command = (argv: string[]) => Promise<number>;

// Loaded on demand: a command pulls in only the modules it needs, which keeps start-up short.
const COMMANDS: Record<string, () => Promise<Command>> = {
  "user add": async () => (await import("./user-add")).userAdd,
  "user password": async () => (await import("./user-password")).userPassword,
  "user deactivate": async () => (await import("./user-active")).userActiveCommand(false),
  "user reactivate": async () => (await import("./user-active")).userActiveCommand(true),
  "project create": async () => (await import("./project-create")).projectCreate,
  "member add": async () => (await import("./member-add")).memberAdd,
  "settings project-creation": async () => (await import("./settings-command")).projectCreationSetting,
  "member remove": async () => (await import("./member-remove")).memberRemove,
  "token create": async () => (await import("./token-commands")).tokenCreate,
  "token list": async () => (await import("./token-commands")).tokenList,
  "token revoke": async () => (await import("./token-commands")).tokenRevoke,
  import: async () => (await import("./import-command")).importCommand,
  "import-annotations": async () => (await import("./import-annotations-command")).importAnnotationsCommand,
  agreement: async () => (await import("./agreement-command")).agreementCommand,
  aggregate: async () => (await import("./aggregate-command")).aggregateCommand,
  export: async () => (await import("./export-command")).exportCommand,
  prelabel: async () => (await import("./prelabel-command")).prelabelCommand,
  score: async () => (await import("./score-command")).scoreCommand,
  "models pull": async () => (await import("./models-command")).modelsPullCommand,
  "db migrate": async () => (await import("./db-commands")).dbMigrate,
  "db copy": async () => (await import("./db-commands")).dbCopy,
};

const HELP = `goldset: command-line tools for a Goldset database (GOLDSET_DB, default ./data/goldset.db)

  goldset user add --email E --name N [--admin]
  goldset user password --email E [--temporary]
  goldset user deactivate --email E
  goldset user reactivate --email E
  goldset project create --name N --slug S --labels a,b,c [--multi-label] [--overlap K]
  goldset member add --project S --email E --role lead|reviewer|annotator
  goldset settings project-creation [--set admins-only|admins-and-leads|any-user]
  goldset member remove --project S --email E
  goldset token create --email E --name N [--project S]... [--role lead|reviewer|annotator] [--days N] [--site-admin]
                                      (prints the access token alone on stdout; default: all projects, lead, 90 days)
  goldset token list --email E
  goldset token revoke --id ID
  goldset import --project S --file F [--format jsonl|csv|tsv] [--text-field text] [--id-field id]
  goldset import-annotations --project S --file F [--format jsonl|csv|tsv|label-studio] [--item-field F] [--annotator-field F] [--label-field F]
  goldset agreement --input F [--format jsonl|csv|tsv] [--level nominal|ordinal|interval|ratio] [--weights none|linear|quadratic] [--json]
  goldset aggregate --input F --method majority|dawid-skene --json
  goldset export --project S --snapshot NAME --format jsonl|csv|hf|label-studio|conll --out DIR
  goldset prelabel --project S [--limit N] [--prompt-version V]
  goldset score --project S [--batch 64]
  goldset models pull [--model ID] [--dtype q8|fp32] [--timeout SECONDS] [--hub URL] [--force]
  goldset db migrate                  (applies pending migrations: PostgreSQL when GOLDSET_DATABASE_URL is set, else GOLDSET_DB)
  goldset db copy --from FILE.db [--to postgres://USER@HOST/DB] [--batch 5000]
                                      (copies a SQLite database into an empty PostgreSQL one, in one transaction, and verifies it)
`;

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "help") {
    process.stdout.write(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const twoWord = `${argv[0]} ${argv[1] ?? ""}`;
  const [name, rest] = COMMANDS[twoWord] ? [twoWord, argv.slice(2)] : [argv[0]!, argv.slice(1)];
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`goldset: unknown command "${argv.join(" ")}"\n\n${HELP}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest);
  } catch (error) {
    if (error instanceof GoldsetError) {
      process.stderr.write(`goldset: ${error.message}\n`);
      for (const p of error.problems) process.stderr.write(`  ${p.message}\n`);
      return 1;
    }
    throw error;
  }
}
