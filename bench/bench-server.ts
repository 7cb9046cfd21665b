// The `next start` servers a benchmark times its requests against: started on loopback ports with
// the benchmark's database, waited for, and stopped however the benchmark ends. Node runs Next's
// own CLI (not npx), so the process a benchmark measures, signals and waits for is the server.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BenchServers {
  /** http://127.0.0.1:<port>, one per server. */
  readonly bases: string[];
  readonly processes: ChildProcess[];
  /** Where the servers' own output went (a refused request's stack, say), not between the figures. */
  readonly logPath: string;
  /** Resolves once every server answers GET /api/ping; throws if one exits or stays down. */
  waitUntilUp(): Promise<void>;
  /** CPU time (user + system) each server has used so far, in ms, from /proc; NaN where unknown. */
  cpuMs(): number[];
  /** Sends SIGTERM to each server's process group. */
  stop(): void;
  /** Resolves when every server has exited (or after timeoutMs). */
  exited(timeoutMs?: number): Promise<void>;
}

export function startBenchServers({
  name,
  ports,
  env,
  profileDir,
}: {
  /** Names the log file: goldset-bench-<name>-<pid>.log in the temporary folder. */
  name: string;
  ports: number[];
  /** The benchmark's database variables (bench-database.ts) and anything else the servers need. */
  env: Record<string, string | undefined>;
  /** A folder for V8 CPU profiles (node --cpu-prof), written when the servers stop. */
  profileDir?: string;
}): BenchServers {
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  const logPath = join(tmpdir(), `goldset-bench-${name}-${process.pid}.log`);
  const log = openSync(logPath, "w");
  const profileFlags = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const processes = ports.map((port, k) =>
    spawn(process.execPath, [...profileFlags, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...process.env, ...env, NEXTAUTH_SECRET: "bench-secret", NEXTAUTH_URL: bases[k], NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", log, log],
      detached: true,
    }),
  );
  const stop = () => {
    for (const server of processes) {
      try {
        process.kill(-server.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", stop);

  return {
    bases,
    processes,
    logPath,
    stop,
    async waitUntilUp() {
      for (const [k, base] of bases.entries()) {
        let up = false;
        // Two minutes at most: a cold start on a loaded two-core machine takes seconds, not minutes.
        for (let i = 0; i < 240 && !up && processes[k]!.exitCode === null; i++) {
          try {
            up = (await fetch(`${base}/api/ping`)).ok;
          } catch {
            await new Promise((r) => setTimeout(r, 500));
          }
        }
        if (!up) throw new Error(`${base} did not start (its log: ${logPath})`);
      }
    },
    cpuMs() {
      return processes.map((server) => {
        try {
          const fields = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
          // utime and stime, fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
          return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
        } catch {
          return NaN;
        }
      });
    },
    async exited(timeoutMs = 15_000) {
      await Promise.all(
        processes.map(
          (server) =>
            new Promise<void>((resolve) => {
              if (server.exitCode !== null || server.signalCode !== null) return resolve();
              server.once("exit", () => resolve());
              setTimeout(resolve, timeoutMs).unref();
            }),
        ),
      );
    },
  };
}
