// Small helpers shared by the CLI commands: typed flag parsing with messages that say which flag
// is wrong, and reading a secret from stdin or a hidden prompt.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { createInterface } from "node:readline";
import { GoldsetError } from "@/lib/errors";

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new GoldsetError("bad_request", `${(error as Error).message}\nusage: ${usage}`);
  }
}

export function requireFlag(value: string | undefined, flag: string, usage: string): string {
  if (!value) throw new GoldsetError("bad_request", `missing --${flag}\nusage: ${usage}`);
  return value;
}

/** The first line of stdin when piped; otherwise a prompt that does not echo. */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = "";
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0] ?? "";
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  process.stderr.write(prompt);
  output._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return answer;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
