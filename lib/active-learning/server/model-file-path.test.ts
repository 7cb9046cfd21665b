import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveModelFile } from "./model-file-path";

let base: string;
let models: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), "goldset-model-path-"));
  models = path.join(base, "models");
  mkdirSync(path.join(models, "owner/name/onnx"), { recursive: true });
  writeFileSync(path.join(models, "owner/name/config.json"), "{}");
  writeFileSync(path.join(models, "owner/name/onnx/model.onnx"), "weights");
  writeFileSync(path.join(base, "secret.txt"), "not a model");
  symlinkSync(path.join(base, "secret.txt"), path.join(models, "owner/name/escape.txt"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("resolveModelFile", () => {
  it("finds files of a model folder", async () => {
    expect(await resolveModelFile(models, ["owner", "name", "onnx", "model.onnx"])).toMatchObject({ size: 7 });
    expect((await resolveModelFile(models, ["owner", "name", "config.json"]))?.file).toBe(path.join(models, "owner/name/config.json"));
  });

  it.each([
    [["..", "secret.txt"]],
    [["owner", "..", "..", "secret.txt"]],
    [["owner/../../secret.txt"]],
    [["owner", "name", ".hidden"]],
    [["owner", "name", "escape.txt"]],
    [["owner", "name"]],
    [["owner", "name", "missing.json"]],
    [["owner", "name", "config.json\0"]],
    [[]],
  ])("refuses %j", async (segments) => {
    expect(await resolveModelFile(models, segments)).toBeNull();
  });
});
