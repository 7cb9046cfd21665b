/**
 * What the insights page shows of the project's Dawid–Skene model: when it was last fitted, each
 * annotator's estimated accuracy (reviewers and leads may see names), and how items are resolved.
 */
import "server-only";
import type { Db } from "@/db";
import { latestDawidSkeneFit, resolutionBreakdown, MIN_OVERLAPPING_ITEMS } from "@/db/queries/dawid-skene";
import { getReviewSettings } from "@/db/queries/review-settings";
import { listUsers } from "@/db/queries/users";
import { annotatorAccuracy } from "@/lib/aggregate/dawid-skene-model";
import { isRefitting } from "./dawid-skene-refit";

export interface DawidSkeneOverview {
  readonly aggregation: "majority" | "dawid-skene";
  readonly posteriorThreshold: number;
  readonly refitEvery: number;
  /** A fit is made only with at least this many items labelled by two or more annotators. */
  readonly minOverlappingItems: number;
  /** A refit is queued or running (lib/jobs). */
  readonly fitting: boolean;
  readonly fit: {
    readonly at: string;
    readonly trigger: string;
    readonly items: number;
    readonly annotations: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly logLikelihood: number;
  } | null;
  /** Estimated accuracy per annotator, lowest first: who most needs feedback. */
  readonly annotators: readonly { readonly name: string; readonly accuracy: number }[];
  readonly resolutions: Awaited<ReturnType<typeof resolutionBreakdown>>;
}

export async function dawidSkeneOverview({ db, projectId }: { db: Db; projectId: string }): Promise<DawidSkeneOverview> {
  const settings = await getReviewSettings({ db, projectId });
  const fit = await latestDawidSkeneFit({ db, projectId });
  const names = new Map((await listUsers({ db })).map((user) => [user.id, user.name]));
  const annotators = fit
    ? [...annotatorAccuracy(fit.model)].map(([id, accuracy]) => ({ name: names.get(id) ?? id, accuracy })).sort((a, b) => a.accuracy - b.accuracy)
    : [];
  return {
    aggregation: settings.aggregation,
    posteriorThreshold: settings.dawidSkenePosterior,
    refitEvery: settings.dawidSkeneEvery,
    minOverlappingItems: MIN_OVERLAPPING_ITEMS,
    fitting: await isRefitting({ db, projectId }),
    fit: fit && {
      at: fit.createdAt.toISOString(),
      trigger: fit.trigger,
      items: fit.items,
      annotations: fit.annotationCount,
      iterations: fit.iterations,
      converged: fit.converged,
      logLikelihood: fit.logLikelihood,
    },
    annotators,
    resolutions: await resolutionBreakdown({ db, projectId, posteriorThreshold: settings.dawidSkenePosterior }),
  };
}
