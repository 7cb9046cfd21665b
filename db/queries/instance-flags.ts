import { eq } from "drizzle-orm";
import { instanceFlags } from "../schema";
import type { Executor } from "../index";

const DEMO = "demo";

/** True when `npm run demo` seeded this database: its demo accounts are public. */
export function isDemoInstance({ db }: { db: Executor }): boolean {
  return db.select({ value: instanceFlags.value }).from(instanceFlags).where(eq(instanceFlags.name, DEMO)).get()?.value === "1";
}

export function markDemoInstance({ db }: { db: Executor }): void {
  const updatedAt = new Date();
  db.insert(instanceFlags)
    .values({ name: DEMO, value: "1", updatedAt })
    .onConflictDoUpdate({ target: instanceFlags.name, set: { value: "1", updatedAt } })
    .run();
}
