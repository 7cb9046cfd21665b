// In the browser: from pressing a label key to the next item's text being on screen, over 50
// submissions, in Debian's Chromium against the production build (run `npm run build` first).
// The clock runs inside the page: keydown time to the first animation frame after the mutation
// that shows the new text.
// Usage: npm run bench:annotate [-- --submissions 50 --port 3200]
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db";
import { createUser } from "@/db/queries/users";
import { createProject } from "@/db/queries/projects";
import { importItems } from "@/db/queries/items";
import { hashPassword } from "@/lib/auth/password";

const { values } = parseArgs({ options: { submissions: { type: "string", default: "50" }, port: { type: "string", default: "3200" } } });
const submissions = Number(values.submissions);
const port = Number(values.port);
const dir = mkdtempSync(join(tmpdir(), "goldset-bench-annotate-"));
const dbPath = join(dir, "bench.db");

const db = await openDatabase(dbPath);
const user = await createUser({ db, email: "bench@goldset.test", name: "Bench", passwordHash: await hashPassword("bench-password") });
const project = await createProject({
  db,
  name: "Bench",
  slug: "bench",
  taskType: "single_label",
  labelDefs: [{ name: "ham" }, { name: "spam" }],
  createdBy: user.id,
});
await importItems({
  db,
  projectId: project.id,
  fileName: "gen",
  format: "jsonl",
  actorId: null,
  records: Array.from({ length: submissions + 10 }, (_, i) => ({
    externalId: `b${i}`,
    text: `Benchmark message number ${i}: are you free tonight?`,
    metadata: {},
    contentHash: `h${i}`,
  })),
});
db.$client.close();

const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env: { ...process.env, GOLDSET_DB: dbPath, NEXTAUTH_SECRET: "bench-secret", NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "ignore",
  detached: true,
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 120; i++) {
  try {
    if ((await fetch(`${base}/api/ping`)).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 500));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ baseURL: base });
  await page.goto("/login");
  await page.getByLabel("Email").fill("bench@goldset.test");
  await page.getByLabel("Password").fill("bench-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/projects**", { timeout: 60_000 });
  await page.goto("/projects/bench/annotate");
  await page.getByTestId("item-text").waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { latencies: number[]; pressedAt: number | null };
    w.latencies = [];
    w.pressedAt = null;
    window.addEventListener("keydown", () => (w.pressedAt = performance.now()), { capture: true });
    new MutationObserver(() => {
      if (w.pressedAt !== null) {
        const pressedAt = w.pressedAt;
        w.pressedAt = null;
        // The text is visible in the frame after the DOM changes: measure to that frame.
        requestAnimationFrame(() => w.latencies.push(performance.now() - pressedAt));
      }
    }).observe(document.querySelector("[data-testid=item]")!.parentElement!, { subtree: true, characterData: true, childList: true });
  });
  for (let i = 0; i < submissions; i++) {
    const before = await page.getByTestId("item-text").textContent();
    await page.keyboard.press(i % 2 ? "1" : "2");
    await page.waitForFunction((old) => document.querySelector("[data-testid=item-text]")?.textContent !== old, before);
    // Let the prefetch refill, as a person reading the next text would.
    await page.waitForTimeout(150);
  }
  const latencies = (await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies)).sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  console.log(
    JSON.stringify({
      bench: "annotate_latency",
      submissions: latencies.length,
      median_ms: Number(at(0.5).toFixed(1)),
      p90_ms: Number(at(0.9).toFixed(1)),
      max_ms: Number(latencies[latencies.length - 1]!.toFixed(1)),
    }),
  );
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid, "SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
