// The Goldset data model, written once for both databases: db/schema.ts builds it as SQLite
// tables, db/schema-pg.ts as PostgreSQL tables (db/dialect/*-columns.ts say how each column kind
// is stored). Annotations and suggestions are append-only and carry their provenance; everything
// an audit needs lands in audit_log.
import { sql } from "drizzle-orm";
import {
  blob,
  boolean,
  createdAt,
  id,
  index,
  integer,
  json,
  primaryKey,
  real,
  table,
  text,
  timestamp,
  uniqueIndex,
  type AnyColumnDef,
} from "./dialect/columns";
// The TypeScript types of the JSON columns, from the modules that own those shapes (drizzle parses
// and serialises them; the stored text is unchanged). Columns whose readers fill in defaults
// (settings, progress, metrics, reasons...) stay Record<string, unknown>: rows written by older
// versions lack fields, and those defaults are there for them.
import type { AgreementSummary } from "@/lib/agreement/summarize";
import type { StoredDawidSkene } from "@/lib/aggregate/dawid-skene-model";
import type { ExportRecord } from "@/lib/export/export-record";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";
import type { StoredClassifierModel } from "@/lib/active-learning/model-serialization";

export const users = table("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  isAdmin: boolean("is_admin").notNull().default(false),
  // Bumped by sign-out, a password change, a reset and deactivation: a session token carrying an
  // older version is refused on its next request, so every copy of the cookie dies at once.
  sessionVersion: integer("session_version").notNull().default(0),
  // Set by an admin's reset (and for the demo admin): nothing but a password change is allowed until then.
  mustChangePassword: boolean("must_change_password").notNull().default(false),
  deactivatedAt: timestamp("deactivated_at"),
  createdAt: createdAt(),
});

// Failed sign-ins per key ("account:<email>" or "address:<ip>"), in the database so the throttle
// holds across restarts and app instances.
export const loginAttempts = table("login_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: timestamp("last_failure_at").notNull(),
  blockedUntil: timestamp("blocked_until").notNull(),
});

// "spans": entities marked in the text (labels of kind "entity"), optionally with item-level labels
// beside them (labels of kind "item").
export const TASK_TYPES = ["single_label", "multi_label", "spans"] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/**
 * One marked span of an item's text: offsets in Unicode code points, end exclusive (the convention
 * of Python tools: Hugging Face datasets, spaCy), and the entity type's label name.
 */
export interface StoredSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/**
 * A span of a review decision (adjudications.spans): a StoredSpan plus `from`, the ids of the
 * annotators whose current annotation held exactly this span when it was decided, computed on the
 * server (lib/spans/span-sources.ts). Older decisions carry no `from`. A JSON field, no migration.
 */
export interface AdjudicatedSpan extends StoredSpan {
  readonly from?: readonly string[];
}

/** What an annotator did with one suggested span (shown or withheld is the annotation's suggestion_shown). */
export interface StoredSpanOutcome {
  readonly suggested: StoredSpan;
  readonly outcome: "accepted" | "changed" | "rejected";
  /** The span the annotator kept in its place, for "changed" (a new boundary or type). */
  readonly final?: StoredSpan;
}

/** A quote from an LLM's span answer that could not be placed in the text, and why. */
export interface UnplacedQuote {
  readonly text: string;
  readonly label: string;
  readonly reason: string;
}

export const projects = table("projects", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  taskType: text("task_type", { enum: TASK_TYPES }).notNull(),
  guidelines: text("guidelines").notNull().default(""),
  overlap: integer("overlap").notNull().default(1),
  // Metadata keys the lead chose to show annotators; everything else stays hidden from them.
  visibleMetadata: json("visible_metadata")
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  // Bumped on every change to the label set, so exports can say which version they used.
  labelSetVersion: integer("label_set_version").notNull().default(1),
  leaseMinutes: integer("lease_minutes").notNull().default(10),
  // Knobs of later features (ranking strategy, exploration share, anchoring share, review
  // thresholds, encoder model); validated by lib/projects/project-settings.ts.
  settings: json("settings")
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'`),
  // The ranking the queue serves (db/queries/ranking-write.ts): which of the items' two rank
  // columns is live (0: queue_rank_0, 1: queue_rank_1), and the classifier version whose
  // item_scores rows are current (null before the first retrain). A retrain writes the other rank
  // column and its own version's scores in small transactions, then switches both here at once.
  queueSlot: integer("queue_slot").notNull().default(0),
  classifierVersion: integer("classifier_version"),
  // The version a retrain is writing right now; null when none is. A writer checks it before each
  // of its transactions and stops once another writer has taken it over; a stale one (its process
  // died) is cleaned up by the next retrain.
  pendingClassifierVersion: integer("pending_classifier_version"),
  // Archived: read-only and out of the projects list's active section, until unarchived. Deleted:
  // soft, after the lead typed the project's name; hidden everywhere, its rows kept (both audited).
  archivedAt: timestamp("archived_at"),
  deletedAt: timestamp("deleted_at"),
  deletedBy: text("deleted_by").references(() => users.id),
  createdBy: text("created_by").references(() => users.id),
  createdAt: createdAt(),
});

// Counts an annotator's every request shows, so reading them costs the same at 1,000 and at
// 1,000,000 items. Triggers (SQLite: db/migrations/0005; PostgreSQL: db/migrations-pg/0001) keep
// the open-item and label counts, because items open and close in bulk in several places (overlap
// changes, send-backs, annotation imports) and every one of them must move the counts; the one
// place that inserts items (db/queries/items.ts) adds its count per import instead, where a
// per-row trigger was too slow.
export const projectCounts = table("project_counts", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id),
  items: integer("items").notNull().default(0),
  openItems: integer("open_items").notNull().default(0),
  // Label rows ever written (submissions, corrections and imports; not retractions).
  labelSubmissions: integer("label_submissions").notNull().default(0),
});

export const PROJECT_ROLES = ["lead", "reviewer", "annotator"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const memberships = table(
  "memberships",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: PROJECT_ROLES }).notNull(),
    // A paused annotator is served no items: set by the gold check when their gold accuracy falls
    // below the project's threshold, or by a lead; lifted by a lead (both audited).
    pausedAt: timestamp("paused_at"),
    pausedReason: text("paused_reason"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const LABEL_KINDS = ["item", "entity"] as const;

export const labels = table(
  "labels",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    hotkey: text("hotkey"),
    color: text("color").notNull().default("#64748b"),
    // "entity": a type of span in a spans project; "item": a label of the whole item.
    kind: text("kind", { enum: LABEL_KINDS }).notNull().default("item"),
    position: integer("position").notNull(),
    // Retired: hidden from new work, kept in history and in every reading of old labels.
    retiredAt: timestamp("retired_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("labels_project_name_uq").on(t.projectId, t.name)],
);

export const LABEL_ALIAS_KINDS = ["rename", "merge"] as const;

// Annotations, suggestions and resolutions store label names. A rename or a merge does not rewrite
// them: it records that an old name now reads as a label (by id, so later renames follow), and
// every reader maps names through the aliases in force. Reverting a merge sets reverted_at.
export const labelAliases = table(
  "label_aliases",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    name: text("name").notNull(),
    labelId: integer("label_id")
      .notNull()
      .references(() => labels.id),
    kind: text("kind", { enum: LABEL_ALIAS_KINDS }).notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    revertedBy: text("reverted_by").references(() => users.id),
    revertedAt: timestamp("reverted_at"),
  },
  (t) => [index("label_aliases_project_idx").on(t.projectId, t.name)],
);

export const IMPORT_KINDS = ["items", "annotations", "predictions"] as const;

export const importBatches = table(
  "import_batches",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    kind: text("kind", { enum: IMPORT_KINDS }).notNull(),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    inserted: integer("inserted").notNull(),
    duplicates: integer("duplicates").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("import_batches_project_idx").on(t.projectId)],
);

export const items = table(
  "items",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    externalId: text("external_id").notNull(),
    text: text("text").notNull(),
    metadata: json("metadata")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    contentHash: text("content_hash").notNull(),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    // The line (JSONL, CSV: the record's first line; 1-based) the item came from in its batch's file.
    importLine: integer("import_line"),
    // Queue bookkeeping, kept in step with annotations inside the same transaction:
    // how many annotators hold a live label on the item, and whether it still needs more.
    labelledBy: integer("labelled_by").notNull().default(0),
    // Extra annotations a reviewer asked for when sending the item back.
    extraAnnotations: integer("extra_annotations").notNull().default(0),
    open: boolean("open").notNull().default(true),
    // Queue position: lower comes first. Age order (0 everywhere, ties by id) until a ranking
    // strategy writes ranks. Two columns, each with its own queue index: the queue reads the one
    // projects.queue_slot names while a retrain fills the other, so no reader ever sees a
    // half-written order.
    queueRank0: real("queue_rank_0").notNull().default(0),
    queueRank1: real("queue_rank_1").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("items_project_external_uq").on(t.projectId, t.externalId),
    index("items_queue_0_idx").on(t.projectId, t.open, t.queueRank0, t.id),
    index("items_queue_1_idx").on(t.projectId, t.open, t.queueRank1, t.id),
    // The data browser's batch filter (db/queries/item-browser.ts): a late batch of a large
    // project is found without walking every item before it.
    index("items_import_batch_idx").on(t.importBatchId),
    // A project's first and last item id (projectItemWindows) in two index probes: without it
    // SQLite read the project's whole queue index, 31–151 ms at 300,000 items on the event loop
    // of every refit, re-resolution and drift job.
    index("items_project_id_idx").on(t.projectId, t.id),
  ],
);

export const SUGGESTION_SOURCES = ["llm", "model", "import"] as const;
export const SUGGESTION_STATUSES = ["ok", "parse_error", "unknown_label", "schema_error", "request_error"] as const;

export const suggestions = table(
  "suggestions",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    sourceKind: text("source_kind", { enum: SUGGESTION_SOURCES }).notNull(),
    modelName: text("model_name").notNull(),
    modelVersion: text("model_version"),
    promptVersion: integer("prompt_version"),
    promptHash: text("prompt_hash"),
    parameters: json("parameters")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    rawOutput: text("raw_output"),
    labels: json("labels")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    confidence: real("confidence"),
    // Span suggestions (spans projects): the entities placed in the text, and the quotes of the
    // answer that could not be placed (kept, not dropped silently).
    spans: json("spans").$type<StoredSpan[]>(),
    unplacedQuotes: json("unplaced_quotes").$type<UnplacedQuote[]>(),
    rationale: text("rationale"),
    status: text("status", { enum: SUGGESTION_STATUSES }).notNull(),
    error: text("error"),
    latencyMs: integer("latency_ms"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    attempts: integer("attempts").notNull().default(1),
    runId: integer("run_id"),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    createdAt: createdAt(),
  },
  (t) => [index("suggestions_item_idx").on(t.itemId, t.sourceKind)],
);

export const ANNOTATION_KINDS = ["label", "retraction"] as const;
// "not_sure": the suggestion was on screen and the annotator answered "not sure" with no label,
// which neither takes nor refuses it.
export const SUGGESTION_ACTIONS = ["accepted", "changed", "rejected", "not_sure", "none"] as const;
export type SuggestionAction = (typeof SUGGESTION_ACTIONS)[number];

// Append-only. A correction or an undo writes a new row whose `supersedes_id` points at the row it
// replaces; the current annotation of (item, annotator) is the one nothing supersedes.
export const annotations = table(
  "annotations",
  {
    // Generated by the client, so a retried submit is idempotent.
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    annotatorId: text("annotator_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ANNOTATION_KINDS }).notNull().default("label"),
    labels: json("labels")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // Spans projects: the entities marked (labels then holds the item-level labels, if any), and
    // per suggested span what the annotator did with it.
    spans: json("spans").$type<StoredSpan[]>(),
    spanOutcomes: json("span_outcomes").$type<StoredSpanOutcome[]>(),
    notSure: boolean("not_sure").notNull().default(false),
    notSureReason: text("not_sure_reason"),
    note: text("note"),
    timeSpentMs: integer("time_spent_ms"),
    suggestionId: integer("suggestion_id").references(() => suggestions.id),
    suggestionShown: boolean("suggestion_shown").notNull().default(false),
    suggestionAction: text("suggestion_action", { enum: SUGGESTION_ACTIONS }).notNull().default("none"),
    supersedesId: text("supersedes_id").references((): AnyColumnDef => annotations.id),
    source: text("source", { enum: ["app", "import"] })
      .notNull()
      .default("app"),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("annotations_item_annotator_idx").on(t.itemId, t.annotatorId),
    index("annotations_project_annotator_idx").on(t.projectId, t.annotatorId, t.createdAt),
    uniqueIndex("annotations_supersedes_uq").on(t.supersedesId),
    // The data browser's "did the humans agree with the suggestion" filter starts from the
    // annotations that answered one (db/queries/item-view-conditions.ts), not from every annotation.
    index("annotations_suggestion_action_idx").on(t.projectId, t.suggestionAction),
  ],
);

export const skips = table(
  "skips",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull().default(""),
    // An undo marks the skip as undone instead of deleting it, so the history stays.
    undoneAt: timestamp("undone_at"),
    createdAt: createdAt(),
  },
  (t) => [index("skips_item_user_idx").on(t.itemId, t.userId), index("skips_project_user_idx").on(t.projectId, t.userId)],
);

export const leases = table(
  "leases",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.userId] }), index("leases_user_idx").on(t.userId, t.projectId)],
);

export const auditLog = table(
  "audit_log",
  {
    id: id("id"),
    projectId: text("project_id").references(() => projects.id),
    actorId: text("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: json("details")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [index("audit_project_idx").on(t.projectId, t.createdAt)],
);

// ---- Review and adjudication ------------------------------------------------------------------

// "request_review": a lead sent the item to review (the data browser's bulk action); it decides
// nothing, and keeps the item in the review queue until a reviewer decides or sends it back.
export const ADJUDICATION_ACTIONS = ["decide", "send_back", "request_review"] as const;

// Append-only: the latest row for an item is in force.
export const adjudications = table(
  "adjudications",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    reviewerId: text("reviewer_id")
      .notNull()
      .references(() => users.id),
    action: text("action", { enum: ADJUDICATION_ACTIONS }).notNull(),
    labels: json("labels")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    rationale: text("rationale").notNull().default(""),
    // Spans projects: the reviewer's decided spans, each with the annotators it was taken from.
    spans: json("spans").$type<AdjudicatedSpan[]>(),
    extraAnnotations: integer("extra_annotations").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("adjudications_item_idx").on(t.itemId, t.createdAt), index("adjudications_project_idx").on(t.projectId)],
);

// "single": one annotation voted, so the label rests on one person; "unanimous" needs two or more.
export const RESOLUTION_METHODS = ["adjudicated", "unanimous", "single", "majority", "dawid-skene", "unresolved"] as const;
export type ResolutionMethod = (typeof RESOLUTION_METHODS)[number];

// Derived state, recomputed from annotations and adjudications whenever they change; kept as a
// table so the review queue and exports can read it without re-aggregating a whole project.
export const itemResolutions = table(
  "item_resolutions",
  {
    itemId: integer("item_id")
      .primaryKey()
      .references(() => items.id),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    method: text("method", { enum: RESOLUTION_METHODS }).notNull(),
    labels: json("labels")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // Spans projects: the accepted spans (those a majority marked identically, or the adjudicated ones).
    spans: json("spans").$type<StoredSpan[]>(),
    agreement: real("agreement"),
    // Dawid–Skene posterior of the final label(s), from the project's latest fit
    // (dawid_skene_fits) applied to the item's current annotations; null before a fit or with
    // fewer than two votes, where the model says nothing majority vote does not.
    posterior: real("posterior"),
    annotators: integer("annotators").notNull(),
    notSure: integer("not_sure").notNull(),
    reviewNeed: real("review_need").notNull().default(0),
    reviewReasons: json("review_reasons")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    index("item_resolutions_review_idx").on(t.projectId, t.reviewNeed),
    // The data browser's sort by agreement walks it (db/queries/item-browser.ts).
    index("item_resolutions_agreement_idx").on(t.projectId, t.agreement, t.itemId),
    // The browser's "not sure" and "resolved by" filters list their items from these when few
    // (db/queries/item-view-drivers.ts).
    index("item_resolutions_not_sure_idx").on(t.projectId, t.notSure),
    index("item_resolutions_method_idx").on(t.projectId, t.method),
  ],
);

/**
 * Each label of each item's final resolution, one row per (item, label): the list the browser's
 * "final label" filter reads its items from when they are few (db/queries/item-view-drivers.ts),
 * which a JSON array column cannot give. Kept by triggers on item_resolutions (migrations
 * 0019_item-final-labels.sql and pg 0010), so every write of a resolution, bulk or single, keeps it.
 */
export const itemFinalLabels = table(
  "item_final_labels",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    label: text("label").notNull(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.label] }), index("item_final_labels_label_idx").on(t.projectId, t.label, t.itemId)],
);

export const DAWID_SKENE_TRIGGERS = ["import", "annotations", "manual", "settings"] as const;

// A project-wide Dawid–Skene fit: per-annotator confusion matrices and class priors. Items are
// scored against the latest fit whenever their annotations change, so a posterior is always
// current for the item even between refits.
export const dawidSkeneFits = table(
  "dawid_skene_fits",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    trigger: text("trigger", { enum: DAWID_SKENE_TRIGGERS }).notNull(),
    annotationCount: integer("annotation_count").notNull(),
    items: integer("items").notNull(),
    iterations: integer("iterations").notNull(),
    converged: boolean("converged").notNull(),
    logLikelihood: real("log_likelihood").notNull(),
    // lib/aggregate/dawid-skene-model.ts: classes, priors and confusion per annotator (per label
    // for multi-label projects); checked again where it is read.
    params: json("params").$type<StoredDawidSkene>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("dawid_skene_fits_project_idx").on(t.projectId, t.id)],
);

export const AGREEMENT_TRIGGERS = ["import", "annotations", "manual", "adjudication"] as const;

export const agreementSnapshots = table(
  "agreement_snapshots",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    trigger: text("trigger", { enum: AGREEMENT_TRIGGERS }).notNull(),
    annotationCount: integer("annotation_count").notNull(),
    summary: json("summary").$type<AgreementSummary>().notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("agreement_snapshots_project_idx").on(t.projectId, t.createdAt)],
);

// ---- Golden dataset exports -------------------------------------------------------------------

export const exportSnapshots = table(
  "export_snapshots",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    name: text("name").notNull(),
    rules: json("rules").$type<SnapshotRules>().notNull(),
    labelSetVersion: integer("label_set_version").notNull(),
    counts: json("counts").$type<SnapshotCounts>().notNull(),
    // Content hash per format with the writer version that produced it, filled the first time each
    // format is written. A bare string was recorded before writer versions existed, by version 1.
    hashes: json("hashes")
      .$type<Record<string, string | { sha256: string; writer: number }>>()
      .notNull()
      .default(sql`'{}'`),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("export_snapshots_project_name_uq").on(t.projectId, t.name)],
);

// The frozen records of a snapshot: what makes a re-export byte-identical.
export const exportSnapshotRecords = table(
  "export_snapshot_records",
  {
    snapshotId: integer("snapshot_id")
      .notNull()
      .references(() => exportSnapshots.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    record: json("record").$type<ExportRecord>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.itemId] })],
);

// ---- LLM pre-labelling ------------------------------------------------------------------------

export const llmConnections = table("llm_connections", {
  projectId: text("project_id")
    .primaryKey()
    .references(() => projects.id),
  baseUrl: text("base_url").notNull(),
  model: text("model").notNull(),
  // AES-256-GCM ciphertext (lib/llm/secrets/secret-box.ts); null means "use GOLDSET_LLM_API_KEY".
  apiKeyCiphertext: text("api_key_ciphertext"),
  settings: json("settings")
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'`),
  updatedBy: text("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at").notNull(),
});

export const promptVersions = table(
  "prompt_versions",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    version: integer("version").notNull(),
    template: text("template").notNull(),
    options: json("options")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    hash: text("hash").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("prompt_versions_project_version_uq").on(t.projectId, t.version)],
);

export const PRELABEL_RUN_STATUSES = ["queued", "running", "paused", "cancelled", "completed", "budget_exhausted", "failed"] as const;

export const prelabelRuns = table(
  "prelabel_runs",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    promptVersionId: integer("prompt_version_id")
      .notNull()
      .references(() => promptVersions.id),
    status: text("status", { enum: PRELABEL_RUN_STATUSES }).notNull(),
    itemLimit: integer("item_limit"),
    /** A retry run asks again only about the items this earlier run got an invalid answer for. */
    retryOfRunId: integer("retry_of_run_id").references((): AnyColumnDef => prelabelRuns.id),
    progress: json("progress")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    error: text("error"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [index("prelabel_runs_project_idx").on(t.projectId, t.status)],
);

// Which run is asking about which item for a prompt version (lib/llm/runs/prelabel-store.ts). A claim
// held by a run that is not the one asking is stale: that run crashed or stopped without an answer.
export const prelabelClaims = table(
  "prelabel_claims",
  {
    promptVersionId: integer("prompt_version_id")
      .notNull()
      .references(() => promptVersions.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    runId: integer("run_id")
      .notNull()
      .references(() => prelabelRuns.id),
    claimedAt: timestamp("claimed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.promptVersionId, t.itemId] }), index("prelabel_claims_run_idx").on(t.runId)],
);

// ---- Active learning --------------------------------------------------------------------------

export const EMBEDDING_ENCODINGS = ["int8", "float16"] as const;

export const embeddings = table(
  "embeddings",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    modelId: text("model_id").notNull(),
    encoding: text("encoding", { enum: EMBEDDING_ENCODINGS }).notNull(),
    dim: integer("dim").notNull(),
    vector: blob("vector").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.modelId] })],
);

// Batches of items handed to one browser to embed, so several annotators share the work.
export const embeddingClaims = table(
  "embedding_claims",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    modelId: text("model_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.modelId] })],
);

export const classifierVersions = table(
  "classifier_versions",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    version: integer("version").notNull(),
    features: text("features").notNull(),
    strategy: text("strategy").notNull(),
    trainedOn: integer("trained_on").notNull(),
    metrics: json("metrics")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    model: json("model").$type<StoredClassifierModel>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("classifier_versions_project_version_uq").on(t.projectId, t.version)],
);

/**
 * A classifier version's model JSON, in consecutive slices, when it is too long to write in one
 * statement without holding the server: a hashed-feature model trained at 300,000 items runs to
 * 12 MB, whose one insert and its commit held the event loop 200 ms. Each slice is written in a
 * transaction of its own (db/queries/ranking-write.ts); classifier_versions.model then holds
 * {"parts": n}, and classifierModel (classifier-versions.ts) joins them back.
 */
export const classifierModelParts = table(
  "classifier_model_parts",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    version: integer("version").notNull(),
    part: integer("part").notNull(),
    text: text("text").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.version, t.part] })],
);

// A classifier version's view of each item: why it sits where it does in the queue. Readers read
// the version projects.classifier_version names; a retrain writes its own version's rows beside
// those, and deletes the older versions' rows once its version is live.
export const itemScores = table(
  "item_scores",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    classifierVersion: integer("classifier_version").notNull(),
    predicted: json("predicted").$type<string[]>().notNull(),
    confidence: real("confidence").notNull(),
    score: real("score").notNull(),
    reason: json("reason").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.classifierVersion] }), index("item_scores_version_idx").on(t.projectId, t.classifierVersion, t.itemId)],
);

// What annotators' browsers last reported about loading an encoder for a project: where it loaded
// from, or why it could not. Kept in the database so the lead's view survives a restart.
export const encoderReports = table(
  "encoder_reports",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    modelId: text("model_id").notNull(),
    report: json("report").$type<Record<string, unknown>>().notNull(),
    reportedBy: text("reported_by").references(() => users.id),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.modelId] })],
);

// ---- Site -------------------------------------------------------------------------------------

// Site-wide state, one row per setting: what a site admin changes at run time (the admin page,
// `goldset settings`) and facts about the installation (the demo marker `npm run demo` sets).
// Every change is audited. Values are validated where they are read.
export const siteSettings = table("site_settings", {
  key: text("key").primaryKey(),
  value: json("value").$type<unknown>().notNull(),
  updatedBy: text("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at").notNull(),
});

// ---- Background jobs --------------------------------------------------------------------------

export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

/** How far a running job has got, as its handler last reported. */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
  readonly message: string | null;
}

// Background work (retrains, Dawid–Skene refits), claimed by any app instance with a lease it
// keeps alive by heartbeats; a job whose lease lapses is taken over (lib/jobs/,
// db/queries/jobs.ts, docs/decisions/0004). Jobs sharing a coalesce key run one at a time, and at
// most one of them waits queued: later requests merge into it.
export const jobs = table(
  "jobs",
  {
    id: id("id"),
    kind: text("kind").notNull(),
    projectId: text("project_id").references(() => projects.id),
    coalesceKey: text("coalesce_key"),
    payload: json("payload")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    state: text("state", { enum: JOB_STATES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    runAfter: timestamp("run_after").notNull(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at"),
    heartbeatAt: timestamp("heartbeat_at"),
    progress: json("progress").$type<JobProgress>(),
    result: json("result").$type<unknown>(),
    error: text("error"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [
    index("jobs_claim_idx").on(t.state, t.runAfter),
    index("jobs_coalesce_idx").on(t.coalesceKey, t.state),
    index("jobs_project_idx").on(t.projectId, t.createdAt),
  ],
);

// ---- The lead's workspace ----------------------------------------------------------------------

export const GOLD_SOURCES = ["manual", "snapshot", "bulk"] as const;

// Items with a known answer, mixed into annotators' queues to measure each annotator's accuracy.
// The answer lives here, never in annotations: it is not a vote and does not enter resolution or
// agreement. Removing an item from the gold set sets removed_at (the row stays for the audit).
export const goldItems = table(
  "gold_items",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    labels: json("labels")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    source: text("source", { enum: GOLD_SOURCES }).notNull(),
    // The snapshot the answer was taken from, when it came from one.
    snapshotId: integer("snapshot_id").references(() => exportSnapshots.id),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    removedBy: text("removed_by").references(() => users.id),
    removedAt: timestamp("removed_at"),
  },
  (t) => [index("gold_items_project_idx").on(t.projectId, t.itemId), index("gold_items_item_idx").on(t.itemId)],
);

// Items a lead excluded from exports (a bulk action): recorded with who and why, and reversible by
// setting reverted_at. New snapshots leave out items with an exclusion in force.
export const itemExclusions = table(
  "item_exclusions",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    reason: text("reason").notNull().default(""),
    jobId: integer("job_id").references(() => jobs.id),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    revertedBy: text("reverted_by").references(() => users.id),
    revertedAt: timestamp("reverted_at"),
  },
  (t) => [index("item_exclusions_project_idx").on(t.projectId, t.itemId), index("item_exclusions_item_idx").on(t.itemId)],
);

// A user's named data-browser views: the browser's URL query string, replayed as is.
export const savedViews = table(
  "saved_views",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [uniqueIndex("saved_views_user_name_uq").on(t.projectId, t.userId, t.name)],
);

// ---- Automation ---------------------------------------------------------------------------------

/** The widest role a personal access token may act with: the user's own role caps it too. */
export const TOKEN_MAX_ROLES = PROJECT_ROLES;

// Personal access tokens: `Authorization: Bearer <token>` stands for the user's session, narrowed
// to the listed projects (null: every project the user is a member of) and to at most max_role.
// Only the SHA-256 of the token is stored (tokens are 256-bit random, so a slow hash adds nothing);
// the prefix is shown so a user can tell their tokens apart.
export const apiTokens = table(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    projectIds: json("project_ids").$type<string[] | null>(),
    maxRole: text("max_role", { enum: TOKEN_MAX_ROLES }).notNull(),
    // Site-admin routes (users, site settings) need this as well as an admin owner.
    siteAdmin: boolean("site_admin").notNull().default(false),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);

export const WEBHOOK_EVENTS = [
  "item.resolved",
  "annotation.created",
  "review.decided",
  "snapshot.created",
  "llm_run.finished",
  "import.finished",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

// A project's webhook: events are POSTed to url, signed with HMAC-SHA256 under the secret (stored
// sealed with the instance's master secret, like LLM keys). Deleting sets deleted_at so the
// delivery log keeps its target.
export const webhooks = table(
  "webhooks",
  {
    id: id("id"),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    url: text("url").notNull(),
    sealedSecret: text("sealed_secret").notNull(),
    events: json("events")
      .$type<WebhookEvent[]>()
      .notNull()
      .default(sql`'[]'`),
    active: boolean("active").notNull().default(true),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
    deletedAt: timestamp("deleted_at"),
  },
  (t) => [index("webhooks_project_idx").on(t.projectId)],
);

export const WEBHOOK_DELIVERY_STATES = ["pending", "succeeded", "failed"] as const;

// One event sent (or being sent) to one webhook. The body is kept as sent so a resend carries the
// same event; each attempt signs it afresh with its own timestamp. Attempts run as jobs.
export const webhookDeliveries = table(
  "webhook_deliveries",
  {
    id: id("id"),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id),
    event: text("event", { enum: WEBHOOK_EVENTS }).notNull(),
    eventId: text("event_id").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: WEBHOOK_DELIVERY_STATES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    error: text("error"),
    jobId: integer("job_id").references(() => jobs.id),
    resendOf: integer("resend_of"),
    createdAt: createdAt(),
    lastAttemptAt: timestamp("last_attempt_at"),
    deliveredAt: timestamp("delivered_at"),
  },
  (t) => [index("webhook_deliveries_webhook_idx").on(t.webhookId, t.createdAt), index("webhook_deliveries_project_idx").on(t.projectId, t.createdAt)],
);

/** Every table, under the name db/schema.ts and db/schema-pg.ts export it by. */
export const schemaDefinition = {
  users,
  loginAttempts,
  projects,
  projectCounts,
  memberships,
  labels,
  importBatches,
  items,
  suggestions,
  annotations,
  skips,
  leases,
  auditLog,
  adjudications,
  itemResolutions,
  itemFinalLabels,
  dawidSkeneFits,
  agreementSnapshots,
  exportSnapshots,
  exportSnapshotRecords,
  llmConnections,
  promptVersions,
  prelabelRuns,
  prelabelClaims,
  embeddings,
  embeddingClaims,
  classifierVersions,
  classifierModelParts,
  itemScores,
  encoderReports,
  siteSettings,
  jobs,
  labelAliases,
  goldItems,
  itemExclusions,
  savedViews,
  apiTokens,
  webhooks,
  webhookDeliveries,
};
