// Every kind of background job the app runs, for the server's runner and the CLI.
import "server-only";
import { retrainJob } from "@/lib/active-learning/server/retrain-scheduler";
import { dawidSkeneRefitJob } from "@/lib/aggregate/server/dawid-skene-refit";
import { itemImportJob } from "@/lib/import/server/item-import-job";
import { llmRunJob } from "@/lib/llm/runs/llm-run-job";
import { agreementSnapshotJob } from "@/lib/agreement/server/agreement-snapshot-job";
import { exportFilesJob, exportSnapshotJob } from "@/lib/export/server/export-jobs";
import { driftJob } from "@/lib/drift/server/drift-job";
import { bulkItemsJob } from "@/lib/bulk/server/bulk-items-job";
import { webhookDeliveryJob } from "@/lib/webhooks/webhook-delivery-job";
import type { AnyJobKind } from "./job-kind";

export const APP_JOB_KINDS: readonly AnyJobKind[] = [
  retrainJob,
  dawidSkeneRefitJob,
  llmRunJob,
  itemImportJob,
  exportSnapshotJob,
  exportFilesJob,
  agreementSnapshotJob,
  driftJob,
  bulkItemsJob,
  webhookDeliveryJob,
];
