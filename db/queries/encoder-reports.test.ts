import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../index";
import { openSecondConnection, openTestDatabase } from "../test-database";
import { createProject } from "./projects";
import { createUser } from "./users";
import { latestEncoderReport, recordEncoderReport, type EncoderReportInput } from "./encoder-reports";

const MODEL = "Xenova/all-MiniLM-L6-v2";
const READY: EncoderReportInput = {
  state: "ready",
  detail: "loaded from /models/Xenova/all-MiniLM-L6-v2 (local)",
  threads: 4,
  crossOriginIsolated: true,
  itemsPerSecond: 87.5,
};

let db: Db;
let close: () => void;
let projectId: string;
let otherProjectId: string;
const people: Record<string, string> = {};

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  for (const name of ["Ada", "Grace", "lead"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  const project = async (slug: string) =>
    (await createProject({ db, name: slug, slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead })).id;
  projectId = await project("sms");
  otherProjectId = await project("other");
});
afterEach(() => close());

describe("encoder reports", () => {
  it("gives back the latest report with the reporter's name and the time, and nothing before the first", async () => {
    expect(await latestEncoderReport({ db, projectId, modelId: MODEL })).toBeNull();
    const at = new Date("2026-03-01T09:30:00.000Z");
    await recordEncoderReport({ db, projectId, modelId: MODEL, report: READY, reportedBy: people.Ada!, now: at });
    expect(await latestEncoderReport({ db, projectId, modelId: MODEL })).toEqual({
      modelId: MODEL,
      ...READY,
      reportedBy: "Ada",
      at: "2026-03-01T09:30:00.000Z",
    });
  });

  it("replaces the report with the next one about the same model, whoever sends it", async () => {
    await recordEncoderReport({ db, projectId, modelId: MODEL, report: READY, reportedBy: people.Ada!, now: new Date("2026-03-01T09:30:00Z") });
    const failed: EncoderReportInput = {
      state: "failed",
      detail: "Xenova/all-MiniLM-L6-v2 does not exist or is empty",
      threads: null,
      crossOriginIsolated: false,
      itemsPerSecond: null,
    };
    await recordEncoderReport({ db, projectId, modelId: MODEL, report: failed, reportedBy: people.Grace!, now: new Date("2026-03-01T10:00:00Z") });
    expect(await latestEncoderReport({ db, projectId, modelId: MODEL })).toEqual({
      modelId: MODEL,
      ...failed,
      reportedBy: "Grace",
      at: "2026-03-01T10:00:00.000Z",
    });
  });

  it("keeps reports apart per project and per model", async () => {
    await recordEncoderReport({ db, projectId, modelId: MODEL, report: READY, reportedBy: people.Ada! });
    expect(await latestEncoderReport({ db, projectId: otherProjectId, modelId: MODEL })).toBeNull();
    expect(await latestEncoderReport({ db, projectId, modelId: "goldset-test/minilm-l6-random" })).toBeNull();
  });

  it("survives a restart: a new connection to the same file reads what the first one wrote", async () => {
    await recordEncoderReport({ db, projectId, modelId: MODEL, report: READY, reportedBy: people.Ada!, now: new Date("2026-03-01T09:30:00Z") });
    const restarted = await openSecondConnection(db);
    try {
      expect(await latestEncoderReport({ db: restarted, projectId, modelId: MODEL })).toMatchObject({
        state: "ready",
        detail: READY.detail,
        reportedBy: "Ada",
      });
    } finally {
      await restarted.$close();
    }
  });
});
