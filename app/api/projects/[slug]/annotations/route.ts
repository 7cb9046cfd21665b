import { getDb } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { annotatorProgress } from "@/db/queries/queue";
import { countLabelSubmissions } from "@/db/queries/agreement";
import { requestAgreementSnapshot } from "@/lib/agreement/server/agreement-snapshot-job";
import { snapshotDue } from "@/lib/review/agreement-schedule";
import { requireProjectAccess } from "@/lib/auth/guard";
import { annotationInputSchema } from "@/lib/annotate/annotation-input";
import { isWithheld } from "@/lib/annotate/anchoring";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { requestRetrain } from "@/lib/active-learning/server/retrain-scheduler";
import { refitDue, requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { checkGoldAfterSubmission } from "@/db/queries/gold-checks";
import { isMemberPaused } from "@/db/queries/memberships";
import { GoldsetError } from "@/lib/errors";
import { readJson, respond } from "../../../respond";

export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "annotate");
    const parsed = annotationInputSchema.parse(await readJson(request));
    // A withheld suggestion was not on screen whatever the client says: the anchoring estimate
    // depends on that flag telling the truth.
    const withheld = isWithheld({ projectId: project.id, itemId: parsed.itemId, share: workflowSettings(project.settings).anchoringShare });
    const input = { ...parsed, suggestionShown: parsed.suggestionShown && !withheld };
    const db = await getDb();
    // A paused annotator is served nothing; a label sent anyway (an item leased before the pause,
    // a script) is refused too, so the pause holds whatever the client does.
    if (await isMemberPaused({ db, projectId: project.id, userId: user.id })) {
      throw new GoldsetError("conflict", "Your work on this project is paused (gold check): ask the project's lead to lift the pause.");
    }
    const { annotation, replayed } = await submitAnnotation({ db, projectId: project.id, annotatorId: user.id, input });
    // On a gold item, the annotator's gold accuracy is checked (and they are paused under the "pause"
    // action); the answer says nothing of it, so no submission tells an annotator an item was gold.
    if (!replayed) {
      await checkGoldAfterSubmission({ db, projectId: project.id, annotatorId: user.id, itemId: annotation.itemId, settings: workflowSettings(project.settings).gold });
    }
    const submissions = replayed ? 0 : await countLabelSubmissions({ db, projectId: project.id });
    // A due agreement snapshot, refit or retrain is queued before answering (merged into one
    // already waiting), so a crash after the answer loses none; they run in the background (lib/jobs).
    if (snapshotDue(submissions)) await requestAgreementSnapshot({ db, projectId: project.id, trigger: "annotations" });
    if (project.taskType !== "spans" && refitDue(submissions, workflowSettings(project.settings).review.dawidSkeneEvery)) {
      await requestDawidSkeneRefit({ db, projectId: project.id, trigger: "annotations" });
    }
    if (!replayed) await requestRetrain({ db, projectId: project.id, trigger: "labels" });
    return {
      annotation: {
        id: annotation.id,
        itemId: annotation.itemId,
        labels: annotation.labels,
        ...(annotation.spans ? { spans: annotation.spans } : {}),
        suggestionAction: annotation.suggestionAction,
      },
      replayed,
      progress: await annotatorProgress({ db, projectId: project.id, userId: user.id }),
    };
  }, 201);
}
