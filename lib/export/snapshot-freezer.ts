// The computing side of freezing a snapshot, fed a page at a time by db/queries/exports.ts: the
// split plan over every eligible item, then each page's records and the running counts. The same
// steps run in the caller's thread (inThreadFreezer) or a job's worker thread
// (lib/export/server/snapshot-freezer-thread.ts), so both freeze the same bytes.
import { PageChannel } from "./page-channel";
import type { SnapshotRules } from "./snapshot-row";
import { emptySnapshotTally, snapshotRecords, tallySnapshotRecords, type EligibleResolution, type FrozenRecord, type SnapshotAnnotation, type SnapshotTally } from "./snapshot-records";
import { planStratifiedSplit, type SplitItem, type SplitSettings, type StratifiedSplitPlan } from "./stratified-split";

export interface SnapshotFreezer {
  /** Starts the split's plan (only when the rules ask for a split); addToPlan adds the eligible items. */
  startPlan(settings: SplitSettings): Promise<void>;
  addToPlan(items: readonly SplitItem[]): Promise<void>;
  /** Ends the plan: every item was added. */
  planSplit(): Promise<void>;
  /** The records of one page (split by the plan, if one was made), counted into the tally. */
  freeze(page: readonly EligibleResolution[], annotations: readonly SnapshotAnnotation[], rules: Pick<SnapshotRules, "includeAnnotations">): Promise<FrozenRecord[]>;
  tally(): Promise<SnapshotTally>;
}

/** One snapshot's freezing state: create one per snapshot. */
export class SnapshotFreezing {
  // The planner reads the items as they arrive and keeps 8 bytes per item, not the ids.
  private planned: { channel: PageChannel<SplitItem>; plan: Promise<StratifiedSplitPlan> } | null = null;
  private plan: StratifiedSplitPlan | null = null;
  private readonly counts = emptySnapshotTally();

  /** Starts planning the split; the items follow with addToPlan. */
  startPlan(settings: SplitSettings): void {
    const channel = new PageChannel<SplitItem>();
    const plan = planStratifiedSplit(channel, settings);
    // Read when planSplit awaits it; until then a failure must not count as unhandled.
    plan.catch(() => {});
    this.planned = { channel, plan };
  }

  async addToPlan(items: readonly SplitItem[]): Promise<void> {
    if (!this.planned) throw new Error("addToPlan before startPlan.");
    await Promise.race([this.planned.channel.push(items), this.planned.plan]);
  }

  async planSplit(): Promise<void> {
    if (!this.planned) throw new Error("planSplit before startPlan.");
    this.planned.channel.close();
    this.plan = await this.planned.plan;
    this.planned = null;
  }

  freeze(page: readonly EligibleResolution[], annotations: readonly SnapshotAnnotation[], rules: Pick<SnapshotRules, "includeAnnotations">): FrozenRecord[] {
    const records = snapshotRecords(page, annotations, rules, this.plan);
    tallySnapshotRecords(this.counts, records);
    return records;
  }

  tally(): SnapshotTally {
    return this.counts;
  }
}

export function inThreadFreezer(): SnapshotFreezer {
  const freezing = new SnapshotFreezing();
  return {
    startPlan: async (settings) => freezing.startPlan(settings),
    addToPlan: (items) => freezing.addToPlan(items),
    planSplit: () => freezing.planSplit(),
    freeze: async (page, annotations, rules) => freezing.freeze(page, annotations, rules),
    tally: async () => freezing.tally(),
  };
}
