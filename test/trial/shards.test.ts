/**
 * Runs split over machines (issue 11 item 5): N shards merged give the single run bit for bit;
 * shards of another run, kind or version, missing, repeated, interrupted or altered shards are
 * refused with a ValidationError naming each problem.
 */
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { preset, simulateTrials, defaultCalibration, replicationDraws, ValidationError, type ProtocolRunSpec } from "../../src/engine.js";
import { powerCurve } from "../../src/trial/power-search.js";
import { mergePowerShards, mergeTrialsShards, parseShardJson, powerCurveShard, shardChunks, shardToJson, simulateTrialsShard } from "../../src/trial/shards.js";
import { jsonText } from "../../src/cli/framework.js";
import { hashJson } from "../../src/hash.js";
import { cli } from "../helpers/cli.js";

const spec: ProtocolRunSpec = { protocol: preset("mp1"), seed: 21, design: { trialHeterogeneity: true } };
const options = { trials: 130, chunkSize: 15 };
/** Shards through their JSON text, as files on other machines would hold them. */
const viaJson = async (k: number, n: number, s: ProtocolRunSpec = spec, o = options) => parseShardJson(shardToJson(await simulateTrialsShard(s, o, { index: k, count: n })));
const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => `${i.path} [${i.rule}]`);
  }
  throw new Error("expected a ValidationError");
};

describe("trials shards", () => {
  test("chunk j belongs to shard j mod N, every chunk to exactly one shard", () => {
    const all = [0, 1, 2, 3].flatMap((k) => shardChunks(130, 15, { index: k, count: 4 }).map((c) => c.index));
    expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(shardChunks(130, 15, { index: 1, count: 4 }).map((c) => c.index)).toEqual([1, 5]);
  });
  test("4 shards merged (in any order) are the single run, bit for bit", async () => {
    const single = await simulateTrials(spec, { ...options, keepRows: false });
    const shards = [await viaJson(2, 4), await viaJson(0, 4), await viaJson(3, 4), await viaJson(1, 4)];
    expect(jsonText(mergeTrialsShards(shards))).toBe(jsonText(single));
  });
  test("a predictive (replication) run merges too, and more shards than chunks is fine", async () => {
    const rep: ProtocolRunSpec = { protocol: preset("mp1"), seed: 5, predictive: replicationDraws("mp1", await defaultCalibration()) };
    const single = await simulateTrials(rep, { trials: 40, chunkSize: 20, keepRows: false });
    const shards = await Promise.all([0, 1, 2].map((k) => viaJson(k, 3, rep, { trials: 40, chunkSize: 20 })));
    expect(jsonText(mergeTrialsShards(shards))).toBe(jsonText(single));
  });
  test("a shard of another seed, protocol, trials or version is refused, naming what differs", async () => {
    const good = await Promise.all([0, 1, 2].map((k) => viaJson(k, 3)));
    const otherSeed = await viaJson(2, 3, { ...spec, seed: 22 });
    expect(issuesOf(() => mergeTrialsShards([...good.slice(0, 2), otherSeed]))).toEqual(["shards[2].identity [same-run]", "shards[2].spec.seed [same-run]"]);
    const otherProtocol = await viaJson(2, 3, { ...spec, protocol: preset("mp2") });
    expect(issuesOf(() => mergeTrialsShards([...good.slice(0, 2), otherProtocol]))).toEqual(expect.arrayContaining(["shards[2].spec.protocolHash [same-run]", "shards[2].spec.protocolId [same-run]"]));
    const otherTrials = await viaJson(2, 3, spec, { trials: 131, chunkSize: 15 });
    expect(issuesOf(() => mergeTrialsShards([...good.slice(0, 2), otherTrials]))).toContain("shards[2].spec.trials [same-run]");
    const oldVersion = { ...(good[2] as object), version: "0.0.1" };
    expect(issuesOf(() => mergeTrialsShards([...good.slice(0, 2), oldVersion]))).toEqual(["shards[2].version [same-version]"]);
  });
  test("missing, repeated, interrupted and altered shards are refused", async () => {
    const good = await Promise.all([0, 1, 2].map((k) => viaJson(k, 3)));
    expect(issuesOf(() => mergeTrialsShards(good.slice(0, 2)))).toEqual(["shards [complete]"]);
    expect(issuesOf(() => mergeTrialsShards([good[0], good[1], good[1]]))).toEqual(["shards[2].shard.index [each-once]", "shards [complete]"]);
    const controller = new AbortController();
    controller.abort();
    const interrupted = parseShardJson(shardToJson(await simulateTrialsShard(spec, { ...options, signal: controller.signal }, { index: 2, count: 3 })));
    expect(issuesOf(() => mergeTrialsShards([good[0], good[1], interrupted]))).toEqual(["shard 2.payload.aborted [complete-shard]"]);
    const altered = JSON.parse(JSON.stringify(good[0]));
    altered.spec.trials = 1000;
    expect(issuesOf(() => mergeTrialsShards([altered, { ...(good[1] as object), identity: altered.identity }, { ...(good[2] as object), identity: altered.identity }]))).toEqual(["shards[0].spec [identity]"]);
    expect(issuesOf(() => mergeTrialsShards([]))).toEqual(["shards [non-empty]"]);
  });
});

describe("power-curve shards", () => {
  test("3 shards of a curve merge into powerCurve's result", async () => {
    const grid = [4, 9];
    const single = await powerCurve(simulateTrials, spec, grid, { trials: 50, chunkSize: 10 });
    const shards = await Promise.all([0, 1, 2].map(async (k) => parseShardJson(shardToJson(await powerCurveShard(spec, grid, { trials: 50, chunkSize: 10 }, { index: k, count: 3 })))));
    expect(jsonText(mergePowerShards(shards))).toBe(jsonText(single));
    expect(issuesOf(() => mergeTrialsShards(shards))).toEqual(["shards[0].kind [same-kind]", "shards[1].kind [same-kind]", "shards[2].kind [same-kind]"]);
  });
  test("a shard whose points were computed another way (before nested curves: no method) is refused, naming the method", async () => {
    const grid = [4, 9];
    const shards = await Promise.all([0, 1].map(async (k) => JSON.parse(shardToJson(await powerCurveShard(spec, grid, { trials: 20, chunkSize: 10 }, { index: k, count: 2 })))));
    expect(shards[0].spec.method).toBe("nested-first-per-arm");
    const { method: _m, ...older } = shards[1].spec;
    const old = { ...shards[1], spec: older, identity: hashJson({ kind: "power", spec: older }) };
    expect(issuesOf(() => mergePowerShards([shards[0], old]))).toContain("shards[1].spec.method [same-run]");
    // Shards that all lack it come from an earlier build: refused too.
    const { method: _m0, ...older0 } = shards[0].spec;
    const old0 = { ...shards[0], spec: older0, identity: hashJson({ kind: "power", spec: older0 }) };
    expect(issuesOf(() => mergePowerShards([old0, { ...old, identity: old0.identity }]))).toEqual(["shards[0].spec.method [known-method]"]);
  });
  test("a merged curve displays itself, as the single run does", async () => {
    const shards = await Promise.all([0, 1].map(async (k) => parseShardJson(shardToJson(await powerCurveShard(spec, [4, 9], { trials: 20, chunkSize: 10 }, { index: k, count: 2 })))));
    const merged = mergePowerShards(shards);
    for (const x of [merged, merged.points]) expect(Object.getOwnPropertyDescriptor(x, Symbol.for("Jupyter.display"))?.enumerable).toBe(false);
  });
});

describe("the CLI: simulate --shard k/N and merge", () => {
  const tmp = mkdtempSync(join(tmpdir(), "mdma-trial-sim-shards-"));
  const args = ["--preset", "mp12", "--seed", "8", "--trials", "90", "--chunk-size", "10", "--heterogeneity"];
  test("merge of 4 shard files prints what the single run prints, in json and in table form", async () => {
    const files: string[] = [];
    for (const k of [0, 1, 2, 3]) {
      const r = await cli("simulate", ...args, "--shard", `${k}/4`);
      expect(r.code).toBe(0);
      files.push(join(tmp, `part-${k}.json`));
      writeFileSync(files[k]!, r.out);
    }
    expect((await cli("merge", ...files)).out).toBe((await cli("simulate", ...args)).out);
    expect((await cli("merge", "--format", "table", ...files.reverse())).out).toBe((await cli("simulate", ...args, "--format", "table")).out);
  });
  test("a shard of another seed exits 2 naming it; --shard needs k below N", async () => {
    const files = [0, 1].map((k) => join(tmp, `s-${k}.json`));
    writeFileSync(files[0]!, (await cli("simulate", ...args, "--shard", "0/2")).out);
    writeFileSync(files[1]!, (await cli("simulate", ...args, "--seed", "9", "--shard", "1/2")).out);
    const r = await cli("merge", ...files);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/shards\[1\]\.spec\.seed: is 9, in shards\[0\] 8/);
    const bad = await cli("simulate", ...args, "--shard", "4/4");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/k counts from 0/);
    expect((await cli("power", "--preset", "mp1", "--target-power", "0.8", "--shard", "0/2")).code).toBe(2);
  });
});
