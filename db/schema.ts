// The Goldset data model. Annotations and suggestions are append-only and carry their provenance;
// everything an audit needs lands in audit_log. Types stay portable (text, integer, real) so the
// same schema maps onto PostgreSQL.
import { sql } from "drizzle-orm";
import {
  sqliteTable,
  text,
  integer,
  real,
  index,
  uniqueIndex,
  primaryKey,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
});

export const TASK_TYPES = ["single_label", "multi_label"] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const projects = sqliteTable("projects", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  taskType: text("task_type", { enum: TASK_TYPES }).notNull(),
  guidelines: text("guidelines").notNull().default(""),
  overlap: integer("overlap").notNull().default(1),
  // Metadata keys the lead chose to show annotators; everything else stays hidden from them.
  visibleMetadata: text("visible_metadata", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  // Bumped on every change to the label set, so exports can say which version they used.
  labelSetVersion: integer("label_set_version").notNull().default(1),
  leaseMinutes: integer("lease_minutes").notNull().default(10),
  createdBy: text("created_by").references(() => users.id),
  createdAt: createdAt(),
});

export const PROJECT_ROLES = ["lead", "reviewer", "annotator"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const memberships = sqliteTable(
  "memberships",
  {
    projectId: text("project_id").notNull().references(() => projects.id),
    userId: text("user_id").notNull().references(() => users.id),
    role: text("role", { enum: PROJECT_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const labels = sqliteTable(
  "labels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    hotkey: text("hotkey"),
    color: text("color").notNull().default("#64748b"),
    position: integer("position").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("labels_project_name_uq").on(t.projectId, t.name)],
);

export const IMPORT_KINDS = ["items", "annotations", "predictions"] as const;

export const importBatches = sqliteTable(
  "import_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").notNull().references(() => projects.id),
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

export const items = sqliteTable(
  "items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").notNull().references(() => projects.id),
    externalId: text("external_id").notNull(),
    text: text("text").notNull(),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    contentHash: text("content_hash").notNull(),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    // Queue bookkeeping, kept in step with annotations inside the same transaction:
    // how many annotators hold a live label on the item, and whether it still needs more.
    labelledBy: integer("labelled_by").notNull().default(0),
    open: integer("open", { mode: "boolean" }).notNull().default(true),
    // Queue position: lower comes first. Age order (0 everywhere, ties by id) until a ranking
    // strategy writes ranks.
    queueRank: real("queue_rank").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("items_project_external_uq").on(t.projectId, t.externalId),
    index("items_queue_idx").on(t.projectId, t.open, t.queueRank, t.id),
  ],
);

export const SUGGESTION_SOURCES = ["llm", "model", "import"] as const;
export const SUGGESTION_STATUSES = ["ok", "parse_error", "unknown_label", "schema_error", "request_error"] as const;

export const suggestions = sqliteTable(
  "suggestions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").notNull().references(() => projects.id),
    itemId: integer("item_id").notNull().references(() => items.id),
    sourceKind: text("source_kind", { enum: SUGGESTION_SOURCES }).notNull(),
    modelName: text("model_name").notNull(),
    modelVersion: text("model_version"),
    promptVersion: integer("prompt_version"),
    promptHash: text("prompt_hash"),
    parameters: text("parameters", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    rawOutput: text("raw_output"),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    confidence: real("confidence"),
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
export const SUGGESTION_ACTIONS = ["accepted", "changed", "rejected", "none"] as const;
export type SuggestionAction = (typeof SUGGESTION_ACTIONS)[number];

// Append-only. A correction or an undo writes a new row whose `supersedes_id` points at the row it
// replaces; the current annotation of (item, annotator) is the one nothing supersedes.
export const annotations = sqliteTable(
  "annotations",
  {
    // Generated by the client, so a retried submit is idempotent.
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    itemId: integer("item_id").notNull().references(() => items.id),
    annotatorId: text("annotator_id").notNull().references(() => users.id),
    kind: text("kind", { enum: ANNOTATION_KINDS }).notNull().default("label"),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    notSure: integer("not_sure", { mode: "boolean" }).notNull().default(false),
    notSureReason: text("not_sure_reason"),
    note: text("note"),
    timeSpentMs: integer("time_spent_ms"),
    suggestionId: integer("suggestion_id").references(() => suggestions.id),
    suggestionShown: integer("suggestion_shown", { mode: "boolean" }).notNull().default(false),
    suggestionAction: text("suggestion_action", { enum: SUGGESTION_ACTIONS }).notNull().default("none"),
    supersedesId: text("supersedes_id").references((): AnySQLiteColumn => annotations.id),
    source: text("source", { enum: ["app", "import"] }).notNull().default("app"),
    importBatchId: integer("import_batch_id").references(() => importBatches.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("annotations_item_annotator_idx").on(t.itemId, t.annotatorId),
    index("annotations_project_annotator_idx").on(t.projectId, t.annotatorId, t.createdAt),
    uniqueIndex("annotations_supersedes_uq").on(t.supersedesId),
  ],
);

export const skips = sqliteTable(
  "skips",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").notNull().references(() => projects.id),
    itemId: integer("item_id").notNull().references(() => items.id),
    userId: text("user_id").notNull().references(() => users.id),
    reason: text("reason").notNull().default(""),
    // An undo marks the skip as undone instead of deleting it, so the history stays.
    undoneAt: integer("undone_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("skips_item_user_idx").on(t.itemId, t.userId), index("skips_project_user_idx").on(t.projectId, t.userId)],
);

export const leases = sqliteTable(
  "leases",
  {
    itemId: integer("item_id").notNull().references(() => items.id),
    userId: text("user_id").notNull().references(() => users.id),
    projectId: text("project_id").notNull().references(() => projects.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.userId] }), index("leases_user_idx").on(t.userId, t.projectId)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").references(() => projects.id),
    actorId: text("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [index("audit_project_idx").on(t.projectId, t.createdAt)],
);
