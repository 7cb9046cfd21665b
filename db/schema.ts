// The Goldset data model, as the tables of the database this process runs on. The tables are
// written once, in db/schema-definition.ts, and built for SQLite (db/dialect/sqlite-columns.ts)
// or PostgreSQL (db/dialect/pg-columns.ts, also exported as db/schema-pg.ts for its migrations).
// The query code is typed against the SQLite build; on PostgreSQL the same names hold pg-core
// tables with the same columns and the same JavaScript values (docs/decisions/0002).
import { schemaDefinition } from "./schema-definition";
import { buildSqliteSchema } from "./dialect/sqlite-columns";
import { buildPgSchema } from "./dialect/pg-columns";
import { DIALECT } from "./dialect/configured";

export {
  TASK_TYPES,
  PROJECT_ROLES,
  IMPORT_KINDS,
  SUGGESTION_SOURCES,
  SUGGESTION_STATUSES,
  ANNOTATION_KINDS,
  SUGGESTION_ACTIONS,
  ADJUDICATION_ACTIONS,
  RESOLUTION_METHODS,
  DAWID_SKENE_TRIGGERS,
  AGREEMENT_TRIGGERS,
  PRELABEL_RUN_STATUSES,
  EMBEDDING_ENCODINGS,
  JOB_STATES,
  LABEL_ALIAS_KINDS,
  GOLD_SOURCES,
  LABEL_KINDS,
  type StoredSpan,
  type AdjudicatedSpan,
  type StoredSpanOutcome,
  type UnplacedQuote,
  TOKEN_MAX_ROLES,
  WEBHOOK_EVENTS,
  WEBHOOK_DELIVERY_STATES,
  type WebhookEvent,
  type JobProgress,
  type TaskType,
  type ProjectRole,
  type SuggestionAction,
  type ResolutionMethod,
} from "./schema-definition";

const sqliteTables = () => buildSqliteSchema(schemaDefinition);
type Tables = ReturnType<typeof sqliteTables>;
const tables: Tables = DIALECT === "postgres" ? (buildPgSchema(schemaDefinition) as unknown as Tables) : sqliteTables();

export const users = tables.users;
export const loginAttempts = tables.loginAttempts;
export const projects = tables.projects;
export const projectCounts = tables.projectCounts;
export const memberships = tables.memberships;
export const labels = tables.labels;
export const importBatches = tables.importBatches;
export const items = tables.items;
export const suggestions = tables.suggestions;
export const annotations = tables.annotations;
export const skips = tables.skips;
export const leases = tables.leases;
export const auditLog = tables.auditLog;
export const adjudications = tables.adjudications;
export const itemResolutions = tables.itemResolutions;
export const itemFinalLabels = tables.itemFinalLabels;
export const dawidSkeneFits = tables.dawidSkeneFits;
export const agreementSnapshots = tables.agreementSnapshots;
export const exportSnapshots = tables.exportSnapshots;
export const exportSnapshotRecords = tables.exportSnapshotRecords;
export const llmConnections = tables.llmConnections;
export const promptVersions = tables.promptVersions;
export const prelabelRuns = tables.prelabelRuns;
export const prelabelClaims = tables.prelabelClaims;
export const embeddings = tables.embeddings;
export const embeddingClaims = tables.embeddingClaims;
export const classifierVersions = tables.classifierVersions;
export const classifierModelParts = tables.classifierModelParts;
export const itemScores = tables.itemScores;
export const encoderReports = tables.encoderReports;
export const siteSettings = tables.siteSettings;
export const jobs = tables.jobs;
export const labelAliases = tables.labelAliases;
export const goldItems = tables.goldItems;
export const itemExclusions = tables.itemExclusions;
export const savedViews = tables.savedViews;
export const apiTokens = tables.apiTokens;
export const webhooks = tables.webhooks;
export const webhookDeliveries = tables.webhookDeliveries;
