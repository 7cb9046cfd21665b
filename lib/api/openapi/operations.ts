// Every route and method of the API, as the document (lib/api/openapi/document.ts) and the
// reference page (/api-docs) show it. The request schemas are the ones the routes validate with,
// imported from each route's schemas.ts (or from lib/ where they already lived), never a copy.
// A new route is one entry here; lib/api/openapi/openapi-document.test.ts fails until it has one.
import { z } from "zod";
import * as accountPassword from "@/app/api/account/password/schemas";
import * as project from "@/app/api/projects/[slug]/schemas";
import * as embeddingClaim from "@/app/api/projects/[slug]/embeddings/claim/schemas";
import * as embeddings from "@/app/api/projects/[slug]/embeddings/schemas";
import * as embeddingStatus from "@/app/api/projects/[slug]/embeddings/status/schemas";
import * as exportFiles from "@/app/api/projects/[slug]/exports/[id]/files/schemas";
import * as gold from "@/app/api/projects/[slug]/gold/schemas";
import * as goldSettings from "@/app/api/projects/[slug]/gold/settings/schemas";
import * as goldSnapshot from "@/app/api/projects/[slug]/gold/snapshot/schemas";
import * as annotationImport from "@/app/api/projects/[slug]/import-annotations/schemas";
import * as itemImport from "@/app/api/projects/[slug]/import/schemas";
import * as item from "@/app/api/projects/[slug]/items/[itemId]/schemas";
import * as jobCancel from "@/app/api/projects/[slug]/jobs/[id]/cancel/schemas";
import * as job from "@/app/api/projects/[slug]/jobs/[id]/schemas";
import * as labels from "@/app/api/projects/[slug]/labels/schemas";
import * as llmRunAction from "@/app/api/projects/[slug]/llm/runs/[runId]/[action]/schemas";
import * as llmInvalidAnswers from "@/app/api/projects/[slug]/llm/runs/[runId]/invalid-answers/schemas";
import * as llmRuns from "@/app/api/projects/[slug]/llm/runs/schemas";
import * as llmSettings from "@/app/api/projects/[slug]/llm/settings/schemas";
import * as llmSuggestion from "@/app/api/projects/[slug]/llm/suggestions/[itemId]/schemas";
import * as embeddingDiscard from "@/app/api/projects/[slug]/model/embeddings/discard/schemas";
import * as modelSettings from "@/app/api/projects/[slug]/model/settings/schemas";
import * as predictions from "@/app/api/projects/[slug]/predictions/schemas";
import * as queue from "@/app/api/projects/[slug]/queue/schemas";
import * as reviewSettings from "@/app/api/projects/[slug]/review-settings/schemas";
import * as spanSettings from "@/app/api/projects/[slug]/span-settings/schemas";
import * as reviewItem from "@/app/api/projects/[slug]/review/[itemId]/schemas";
import * as review from "@/app/api/projects/[slug]/review/schemas";
import * as skips from "@/app/api/projects/[slug]/skips/schemas";
import * as savedView from "@/app/api/projects/[slug]/views/[id]/schemas";
import * as siteSettings from "@/app/api/site-settings/schemas";
import * as passwordReset from "@/app/api/users/[id]/password-reset/schemas";
import * as user from "@/app/api/users/[id]/schemas";
import * as accessTokens from "@/app/api/account/tokens/schemas";
import * as memberPause from "@/app/api/projects/[slug]/members/[userId]/pause/schemas";
import * as webhookList from "@/app/api/projects/[slug]/webhooks/schemas";
import * as webhook from "@/app/api/projects/[slug]/webhooks/[id]/schemas";
import * as webhookDeliveries from "@/app/api/projects/[slug]/webhooks/[id]/deliveries/schemas";
import * as webhookResend from "@/app/api/projects/[slug]/webhooks/deliveries/[deliveryId]/resend/schemas";
import * as users from "@/app/api/users/schemas";
import { annotationInputSchema } from "@/lib/annotate/annotation-input";
import { itemViewQuerySchema } from "@/lib/browse/item-view";
import { savedViewCreateSchema, savedViewRenameSchema } from "@/lib/browse/saved-view-input";
import { bulkRequestSchema } from "@/lib/bulk/bulk-action";
import { EXPORT_FORMATS } from "@/lib/export/server/format-writers";
import { snapshotInputSchema } from "@/lib/export/snapshot-input";
import { connectionInputSchema } from "@/lib/llm/client/connection-input";
import { promptInputSchema } from "@/lib/llm/prompts/prompt-input";
import { labelChangeSchema } from "@/lib/projects/label-change-input";
import { memberInputSchema, newProjectSchema, projectSettingsSchema } from "@/lib/projects/project-input";
import type { ApiOperation, ApiResponse } from "./operation";
import {
  agreementSchema,
  exportSnapshotListSchema,
  itemCountSchema,
  itemImportSchema,
  itemPageSchema,
  itemReadingSchema,
  jobQueuedSchema,
  predictionImportSchema,
  projectCreatedSchema,
  projectListSchema,
} from "./response-schemas";

const ok = (description: string, schema?: z.ZodType): ApiResponse => ({ status: 200, description, schema });
const created = (description: string, schema?: z.ZodType): ApiResponse => ({ status: 201, description, schema });
const queued = (description: string): ApiResponse => ({ status: 202, description, schema: jobQueuedSchema });
const P = "/api/v1/projects/{slug}";
const exportFormat = z.object({ id: z.coerce.number().int().positive(), format: z.enum(EXPORT_FORMATS) });

export const API_OPERATIONS: readonly ApiOperation[] = [
  // Meta
  { method: "GET", path: "/api/v1/ping", summary: "Whether the server is up.", tag: "Meta", access: "public", response: ok("`{ ok: true }`") },
  { method: "GET", path: "/api/v1/openapi.json", summary: "This document (OpenAPI 3.1), generated from the routes' own schemas.", tag: "Meta", access: "public", response: ok("The OpenAPI document") },

  // Projects
  { method: "GET", path: "/api/v1/projects", summary: "The projects the caller is a member of (every project, for a site admin).", tag: "Projects", access: "signed-in", response: ok("The projects", projectListSchema) },
  { method: "POST", path: "/api/v1/projects", summary: "Creates a project; its creator becomes its lead. Allowed by the site's project-creation rule.", tag: "Projects", access: "project-creator", body: newProjectSchema, response: created("The new project", projectCreatedSchema) },
  { method: "DELETE", path: P, summary: "Deletes the project once `typedName` matches its name exactly (a site admin can restore it).", tag: "Projects", access: { project: "manageSettings" }, body: project.deleteSchema, response: ok("`{ deleted: true }`") },
  { method: "POST", path: `${P}/archive`, summary: "Makes the project read-only until it is unarchived.", tag: "Projects", access: { project: "manageSettings" }, response: ok("`{ archivedAt }`") },
  { method: "POST", path: `${P}/unarchive`, summary: "Makes an archived project writable again.", tag: "Projects", access: { project: "manageSettings" }, response: ok("`{ archivedAt: null }`") },
  { method: "GET", path: `${P}/settings`, summary: "The project and its labels.", tag: "Projects", access: { project: "manageSettings" }, response: ok("`{ project, labels }`") },
  { method: "PATCH", path: `${P}/settings`, summary: "Changes the project's settings (audited).", tag: "Projects", access: { project: "manageSettings" }, body: projectSettingsSchema, response: ok("`{ project }`") },
  { method: "PUT", path: `${P}/labels`, summary: "Replaces the label set.", tag: "Projects", access: { project: "manageSettings" }, body: labels.bodySchema, response: ok("`{ labels }`") },
  { method: "PATCH", path: `${P}/labels`, summary: "One change from the label manager (rename, move, retire, merge…).", tag: "Projects", access: { project: "manageSettings" }, body: labelChangeSchema, response: ok("`{ labels, reresolveJobId }`") },
  { method: "GET", path: `${P}/review-settings`, summary: "Review thresholds and the aggregation method.", tag: "Projects", access: { project: "manageSettings" }, response: ok("`{ settings }`") },
  { method: "PATCH", path: `${P}/review-settings`, summary: "Changes review thresholds or the aggregation method; every item is re-resolved by a job.", tag: "Projects", access: { project: "manageSettings" }, body: reviewSettings.changesSchema, response: ok("`{ settings }`") },
  { method: "GET", path: `${P}/span-settings`, summary: "A spans project's span settings: character-level marking, overlap, the majority a span needs.", tag: "Projects", access: { project: "manageSettings" }, response: ok("`{ settings }`") },
  { method: "PATCH", path: `${P}/span-settings`, summary: "Changes a spans project's span settings; a new majority re-resolves every item in a job.", tag: "Projects", access: { project: "manageSettings" }, body: spanSettings.changesSchema, response: ok("`{ settings }`") },
  { method: "POST", path: "/api/v1/deleted-projects/{id}/restore", summary: "Brings back a deleted project as it was.", tag: "Projects", access: "site-admin", response: ok("`{ restored: true }`") },

  // Members
  { method: "GET", path: `${P}/members`, summary: "The project's members and their roles.", tag: "Members", access: { project: "manageMembers" }, response: ok("`{ members }`") },
  { method: "POST", path: `${P}/members`, summary: "Adds a member or changes their role.", tag: "Members", access: { project: "manageMembers" }, body: memberInputSchema, response: created("`{ members }`") },
  { method: "DELETE", path: `${P}/members/{userId}`, summary: "Removes a member; their access ends on their next request.", tag: "Members", access: { project: "manageMembers" }, response: ok("`{ members }`") },
  { method: "POST", path: `${P}/members/{userId}/pause`, summary: "Pauses an annotator by hand, with a reason (audited): the queue serves them nothing and their labels are refused.", tag: "Members", access: { project: "manageMembers" }, body: memberPause.pauseMemberBody, response: ok("`{ paused: true }`") },
  { method: "DELETE", path: `${P}/members/{userId}/pause`, summary: "Lifts a member's pause (audited): the queue serves them again.", tag: "Members", access: { project: "manageMembers" }, response: ok("`{ paused: false }`") },
  { method: "GET", path: `${P}/team`, summary: "Per-annotator figures and pairwise agreement.", tag: "Members", access: { project: "manageMembers" }, response: ok("The team figures") },

  // Import
  {
    method: "POST",
    path: `${P}/import`,
    summary: "Imports items from a JSONL, CSV or TSV file sent as the raw body, read as a stream: all or nothing, every problem with its line and field.",
    tag: "Import",
    access: { project: "importData" },
    query: itemImport.querySchema,
    upload: "The items file: one record per line (JSONL) or row (CSV/TSV), with a text field and an id field.",
    response: created("The import summary: the file was imported before the answer", itemImportSchema),
    otherResponses: [queued("A file of GOLDSET_IMPORT_JOB_ITEMS items or more: the import job (its result is the summary)")],
  },
  {
    method: "POST",
    path: `${P}/import-annotations`,
    summary: "Imports existing annotations (rows, or a Label Studio export) sent as the raw body: one batch, all or nothing.",
    tag: "Import",
    access: { project: "importData" },
    query: annotationImport.querySchema,
    upload: "The annotations file: rows of item, annotator and label, or a Label Studio JSON export.",
    response: created("The import summary"),
  },
  {
    method: "POST",
    path: `${P}/predictions`,
    summary: "Imports a model's predictions as suggestions annotators see (source \"import\"), from a file sent as the raw body.",
    tag: "Import",
    access: { project: "importData" },
    query: predictions.querySchema,
    upload: "The predictions file: item, label or labels, score, model, model_version per record.",
    response: created("The stored suggestions", predictionImportSchema),
  },

  // Items
  { method: "GET", path: `${P}/items`, summary: "A page of the project's items under a filter (status, labels, annotator, batch, search), 50 a page; follow `nextQuery`.", tag: "Items", access: { project: "viewAllAnnotations" }, query: itemViewQuerySchema, response: ok("A page of items", itemPageSchema) },
  { method: "GET", path: `${P}/items/count`, summary: "How many items a filter matches, up to 10,000.", tag: "Items", access: { project: "viewAllAnnotations" }, query: itemViewQuerySchema, response: ok("The count", itemCountSchema) },
  { method: "GET", path: `${P}/items/{itemId}`, summary: "One item: its text and metadata, every annotator's labels in force, and its resolution.", tag: "Items", access: { project: "viewAllAnnotations" }, params: item.paramsSchema, response: ok("The item", itemReadingSchema) },
  { method: "GET", path: `${P}/items/{itemId}/history`, summary: "Everything that happened to one item, oldest first.", tag: "Items", access: { project: "viewAllAnnotations" }, response: ok("`{ item, resolution, events }`") },
  { method: "POST", path: `${P}/items/bulk`, summary: "Queues a bulk action on a selection or on every item a filter matches.", tag: "Items", access: { project: "manageSettings" }, body: bulkRequestSchema, response: queued("The bulk-items job") },
  { method: "GET", path: `${P}/views`, summary: "The caller's saved filters.", tag: "Items", access: { project: "viewAllAnnotations" }, response: ok("`{ views }`") },
  { method: "POST", path: `${P}/views`, summary: "Saves a filter's query string under a name, for the caller alone.", tag: "Items", access: { project: "viewAllAnnotations" }, body: savedViewCreateSchema, response: created("`{ view }`") },
  { method: "PATCH", path: `${P}/views/{id}`, summary: "Renames one of the caller's saved filters.", tag: "Items", access: { project: "viewAllAnnotations" }, params: z.object({ id: savedView.viewId }), body: savedViewRenameSchema, response: ok("`{ view }`") },
  { method: "DELETE", path: `${P}/views/{id}`, summary: "Deletes one of the caller's saved filters.", tag: "Items", access: { project: "viewAllAnnotations" }, params: z.object({ id: savedView.viewId }), response: ok("`{ deleted: true }`") },

  // Annotate
  { method: "POST", path: `${P}/queue`, summary: "Leases the next item(s) for the caller to label, each with its suggestion.", tag: "Annotate", access: { project: "annotate" }, body: queue.bodySchema, response: ok("`{ items, paused, progress }`") },
  { method: "POST", path: `${P}/annotations`, summary: "Submits the caller's labels for an item.", tag: "Annotate", access: { project: "annotate" }, body: annotationInputSchema, response: created("The annotation and the caller's progress") },
  { method: "POST", path: `${P}/skips`, summary: "Skips an item, with a reason.", tag: "Annotate", access: { project: "annotate" }, body: skips.bodySchema, response: created("`{ progress }`") },
  { method: "POST", path: `${P}/undo`, summary: "Takes back the caller's last submission and returns that item.", tag: "Annotate", access: { project: "annotate" }, response: ok("`{ item, undone, previous, progress }`") },
  { method: "GET", path: `${P}/llm/suggestions/{itemId}`, summary: "One item's suggestion as the caller is shown it.", tag: "Annotate", access: { project: "annotate" }, params: llmSuggestion.paramsSchema, response: ok("The suggestion, or null") },
  { method: "POST", path: `${P}/embeddings/claim`, summary: "Claims a batch of items for the caller's browser to embed.", tag: "Annotate", access: { project: "annotate" }, body: embeddingClaim.bodySchema, response: ok("The claimed items") },
  { method: "POST", path: `${P}/embeddings`, summary: "Stores embeddings the caller's browser computed for its claim.", tag: "Annotate", access: { project: "annotate" }, body: embeddings.bodySchema, response: ok("`{ stored, alreadyPresent, coverage }`") },
  { method: "POST", path: `${P}/embeddings/status`, summary: "A browser's report on loading the project's encoder.", tag: "Annotate", access: { project: "annotate" }, body: embeddingStatus.bodySchema, response: ok("`{ recorded: true }`") },

  // Review
  { method: "GET", path: `${P}/review`, summary: "The review queue: items that need a decision, by reason.", tag: "Review", access: { project: "review" }, query: review.querySchema, response: ok("The review queue") },
  { method: "GET", path: `${P}/review/{itemId}`, summary: "One item with every annotation, for a decision.", tag: "Review", access: { project: "review" }, response: ok("The item under review") },
  { method: "POST", path: `${P}/review/{itemId}`, summary: "Decides an item's labels, or sends it back for more annotations.", tag: "Review", access: { project: "review" }, body: reviewItem.decisionSchema, response: ok("`{ resolution }` or `{ sentBack }`") },

  // Insights
  { method: "GET", path: `${P}/agreement`, summary: "Agreement snapshots (per label, per annotator), not-sure rates and the review backlog.", tag: "Insights", access: { project: "viewInsights" }, response: ok("The agreement figures", agreementSchema) },
  { method: "POST", path: `${P}/agreement`, summary: "Queues a new agreement snapshot now.", tag: "Insights", access: { project: "viewInsights" }, response: queued("The agreement-snapshot job") },
  { method: "GET", path: `${P}/dawid-skene`, summary: "The project's Dawid–Skene fit: annotator confusion matrices and class priors.", tag: "Insights", access: { project: "viewInsights" }, response: ok("The latest fit") },
  { method: "POST", path: `${P}/dawid-skene`, summary: "Queues a Dawid–Skene refit and a re-resolution of the items.", tag: "Insights", access: { project: "viewInsights" }, response: queued("The refit job") },
  { method: "GET", path: `${P}/drift`, summary: "The latest drift per import batch.", tag: "Insights", access: { project: "viewInsights" }, response: ok("The drift figures") },
  { method: "POST", path: `${P}/drift`, summary: "Queues a recomputation of the drift.", tag: "Insights", access: { project: "viewInsights" }, response: queued("The drift job") },

  // Export
  { method: "GET", path: `${P}/exports`, summary: "The project's export snapshots, with the formats written and their content hashes.", tag: "Export", access: { project: "exportData" }, response: ok("The snapshots", exportSnapshotListSchema) },
  { method: "POST", path: `${P}/exports`, summary: "Queues an immutable export snapshot (decision rules, split); follow the job, then write formats.", tag: "Export", access: { project: "exportData" }, body: snapshotInputSchema, response: queued("The export-snapshot job; when it succeeds its result is `{ snapshotId, name, counts }`") },
  { method: "POST", path: `${P}/exports/{id}/files`, summary: "Queues writing one format of a snapshot (jsonl, csv, hf, label-studio; conll for spans projects only, 400 otherwise) on the server.", tag: "Export", access: { project: "exportData" }, params: z.object({ id: z.coerce.number().int().positive() }), body: exportFiles.bodySchema, response: queued("The export-files job; when it succeeds its result holds the format's manifest and content hash, and the archive can be downloaded") },
  { method: "GET", path: `${P}/exports/{id}/archive/{format}`, summary: "Downloads one written format of a snapshot as a zip, checked against the hash the snapshot recorded.", tag: "Export", access: { project: "exportData" }, params: exportFormat, response: { status: 200, description: "The zip", contentType: "application/zip" } },
  { method: "GET", path: `${P}/exports/{id}/files/{format}/{path}`, summary: "Downloads one written export file (path inside the format's folder, e.g. data.jsonl).", tag: "Export", access: { project: "exportData" }, params: exportFormat, response: { status: 200, description: "The file", contentType: "application/octet-stream" } },

  // Gold
  { method: "GET", path: `${P}/gold`, summary: "The gold items in force with their answers.", tag: "Gold", access: { project: "manageSettings" }, response: ok("`{ goldItems }`") },
  { method: "POST", path: `${P}/gold`, summary: "Marks items as gold with their answers.", tag: "Gold", access: { project: "manageSettings" }, body: gold.markSchema, response: ok("What was marked") },
  { method: "DELETE", path: `${P}/gold/{itemId}`, summary: "Takes one item out of the gold set.", tag: "Gold", access: { project: "manageSettings" }, response: ok("What was removed") },
  { method: "GET", path: `${P}/gold/settings`, summary: "The gold-check settings and the gold set's size.", tag: "Gold", access: { project: "manageSettings" }, response: ok("The gold settings") },
  { method: "PATCH", path: `${P}/gold/settings`, summary: "Changes the gold rate, threshold, minimum answers or action (audited).", tag: "Gold", access: { project: "manageSettings" }, body: goldSettings.changesSchema, response: ok("`{ settings }`") },
  { method: "POST", path: `${P}/gold/snapshot`, summary: "Makes a snapshot's items gold, with its final labels as answers.", tag: "Gold", access: { project: "manageSettings" }, body: goldSnapshot.bodySchema, response: ok("What was marked") },

  // Model
  { method: "GET", path: `${P}/model`, summary: "The project classifier: encoder, embeddings, versions with held-out quality, ranking settings.", tag: "Model", access: { project: "viewInsights" }, response: ok("The model overview") },
  { method: "PATCH", path: `${P}/model/settings`, summary: "Changes the ranking strategy or the encoder; the queue is re-ranked by a job.", tag: "Model", access: { project: "manageSettings" }, body: modelSettings.changesSchema, response: ok("`{ settings }`") },
  { method: "POST", path: `${P}/model/retrain`, summary: "Queues a retrain and re-rank now.", tag: "Model", access: { project: "manageSettings" }, response: queued("The retrain job") },
  { method: "GET", path: `${P}/model/items/{itemRef}`, summary: "Why an item (external id or id) sits where it does in the queue.", tag: "Model", access: { project: "viewInsights" }, response: ok("The item's ranking") },
  { method: "POST", path: `${P}/model/embeddings/discard`, summary: "Discards every embedding one user's browser stored for the project's encoder.", tag: "Model", access: { project: "manageSettings" }, body: embeddingDiscard.bodySchema, response: ok("`{ discarded, coverage }`") },

  // LLM
  { method: "GET", path: `${P}/llm/connection`, summary: "The LLM connection, without its key.", tag: "LLM", access: { project: "runPrelabel" }, response: ok("The connection") },
  { method: "PUT", path: `${P}/llm/connection`, summary: "Saves the LLM connection; a key is sealed and never sent back.", tag: "LLM", access: { project: "runPrelabel" }, body: connectionInputSchema, response: ok("The connection") },
  { method: "GET", path: `${P}/llm/prompts`, summary: "Every prompt version, newest first.", tag: "LLM", access: { project: "runPrelabel" }, response: ok("`{ versions, defaults }`") },
  { method: "POST", path: `${P}/llm/prompts`, summary: "Saves the prompt as the next version.", tag: "LLM", access: { project: "runPrelabel" }, body: promptInputSchema, response: created("The prompt version") },
  { method: "GET", path: `${P}/llm/runs`, summary: "The project's pre-labelling runs, newest first, with progress.", tag: "LLM", access: { project: "runPrelabel" }, response: ok("`{ runs }`") },
  { method: "POST", path: `${P}/llm/runs`, summary: "Starts a pre-labelling run over the items without an answer for a prompt version.", tag: "LLM", access: { project: "runPrelabel" }, body: llmRuns.startSchema, response: created("`{ run, job }`") },
  { method: "POST", path: `${P}/llm/runs/{runId}/{action}`, summary: "Pauses, resumes or cancels a run, or retries its invalid answers.", tag: "LLM", access: { project: "runPrelabel" }, params: llmRunAction.paramsSchema, response: ok("`{ run }`") },
  { method: "GET", path: `${P}/llm/runs/{runId}/invalid-answers`, summary: "A run's invalid answers, with what the model said.", tag: "LLM", access: { project: "runPrelabel" }, params: llmInvalidAnswers.paramsSchema, response: ok("The invalid answers") },
  { method: "GET", path: `${P}/llm/settings`, summary: "Which suggestions annotators see, and the anchoring share.", tag: "LLM", access: { project: "runPrelabel" }, response: ok("The suggestion settings") },
  { method: "PUT", path: `${P}/llm/settings`, summary: "Changes which suggestions annotators see, and the share withheld to measure anchoring.", tag: "LLM", access: { project: "manageSettings" }, body: llmSettings.changesSchema, response: ok("The suggestion settings") },

  // Jobs
  { method: "GET", path: `${P}/jobs`, summary: "The project's latest background jobs, newest first.", tag: "Jobs", access: { project: "viewInsights" }, response: ok("`{ jobs }`") },
  { method: "GET", path: `${P}/jobs/{id}`, summary: "One background job: poll it until its state is succeeded, failed or cancelled.", tag: "Jobs", access: { project: "viewInsights" }, params: job.paramsSchema, response: ok("The job", jobQueuedSchema) },
  { method: "POST", path: `${P}/jobs/{id}/cancel`, summary: "Cancels a job (audited); 409 when its state or kind does not allow it.", tag: "Jobs", access: { project: "manageSettings" }, params: jobCancel.paramsSchema, response: ok("The job", jobQueuedSchema) },

  // Webhooks
  { method: "GET", path: `${P}/webhooks`, summary: "The project's webhooks (never their secrets).", tag: "Webhooks", access: { project: "manageSettings" }, response: ok("The webhooks", webhookList.webhookListResponseSchema) },
  { method: "POST", path: `${P}/webhooks`, summary: "Adds a webhook (its URL must pass the outbound allow-list): the signing secret is in this answer once.", tag: "Webhooks", access: { project: "manageSettings" }, body: webhookList.createWebhookSchema, response: created("The webhook and its secret", webhookList.createdWebhookResponseSchema) },
  { method: "PATCH", path: `${P}/webhooks/{id}`, summary: "Changes a webhook's URL, events or whether it is active (audited).", tag: "Webhooks", access: { project: "manageSettings" }, params: webhook.webhookParamsSchema, body: webhook.updateWebhookSchema, response: ok("`{ webhook }`") },
  { method: "DELETE", path: `${P}/webhooks/{id}`, summary: "Deletes a webhook; its delivery log stays.", tag: "Webhooks", access: { project: "manageSettings" }, params: webhook.webhookParamsSchema, response: ok("`{ deleted: <id> }`") },
  { method: "GET", path: `${P}/webhooks/{id}/deliveries`, summary: "A webhook's deliveries, newest first, with state, attempts, HTTP status and error.", tag: "Webhooks", access: { project: "manageSettings" }, params: webhook.webhookParamsSchema, query: webhookDeliveries.deliveriesQuerySchema, response: ok("A page of deliveries", webhookDeliveries.deliveriesResponseSchema) },
  { method: "POST", path: `${P}/webhooks/deliveries/{deliveryId}/resend`, summary: "Sends a delivery again: a new delivery of the same event and body, signed afresh.", tag: "Webhooks", access: { project: "manageSettings" }, params: webhookResend.resendParamsSchema, response: created("`{ delivery }`: the new delivery") },

  // Account and site
  { method: "GET", path: "/api/v1/account/tokens", summary: "The caller's personal access tokens (never their secrets).", tag: "Account", access: "session-only", response: ok("The tokens", accessTokens.tokenListSchema) },
  { method: "POST", path: "/api/v1/account/tokens", summary: "Creates a personal access token: its secret is in this answer once and never again.", tag: "Account", access: "session-only", body: accessTokens.createTokenSchema, response: created("The token and its secret", accessTokens.createdTokenSchema) },
  { method: "DELETE", path: "/api/v1/account/tokens/{id}", summary: "Revokes a token at once (its owner, or a site admin).", tag: "Account", access: "session-only", response: ok("`{ revoked: { id, revokedAt } }`") },
  { method: "POST", path: "/api/v1/account/password", summary: "Changes the caller's own password; every session of theirs ends.", tag: "Account", access: "signed-in", body: accountPassword.changeSchema, response: ok("`{ changed: true }`") },
  { method: "GET", path: "/api/v1/users", summary: "Every account.", tag: "Site", access: "site-admin", response: ok("`{ users }`") },
  { method: "POST", path: "/api/v1/users", summary: "Creates an account.", tag: "Site", access: "site-admin", body: users.newUserSchema, response: created("`{ user }`") },
  { method: "PATCH", path: "/api/v1/users/{id}", summary: "Deactivates or reactivates an account.", tag: "Site", access: "site-admin", body: user.updateSchema, response: ok("`{ user }`") },
  { method: "POST", path: "/api/v1/users/{id}/password-reset", summary: "Sets a temporary password; every session of the user ends.", tag: "Site", access: "site-admin", body: passwordReset.resetSchema, response: ok("`{ email, temporaryPassword }`") },
  { method: "GET", path: "/api/v1/site-settings", summary: "The site settings.", tag: "Site", access: "site-admin", response: ok("`{ projectCreation }`") },
  { method: "PUT", path: "/api/v1/site-settings", summary: "Changes the site settings (audited).", tag: "Site", access: "site-admin", body: siteSettings.siteSettingsSchema, response: ok("`{ projectCreation }`") },
];
