import { describe, expect, test } from "vitest";
import { checkShards, shardEnvelope } from "../src/shard.js";
import { ValidationError } from "../src/errors.js";

describe("shard envelopes", () => {
  const spec = { seed: 1, trials: 100 };
  const shards = [0, 1, 2].map((index) => shardEnvelope("trials", spec, { index, count: 3 }, { part: index }));

  test("the N shards of one run merge in shard order, whatever order they come in", () => {
    expect(checkShards("trials", [shards[2], shards[0], shards[1]]).payloads).toEqual([{ part: 0 }, { part: 1 }, { part: 2 }]);
  });

  test("a shard of another run, a missing or repeated shard, another kind or version: one error naming each", () => {
    const other = shardEnvelope("trials", { seed: 2, trials: 100 }, { index: 1, count: 3 }, { part: 1 });
    const oldVersion = { ...shards[2]!, version: "0.0.1" };
    try {
      checkShards("calibration", [shards[0], other, shards[0], oldVersion]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([["shards[3].version", "same-version"]]);
    }
    try {
      checkShards("calibration", [shards[0], other, shards[0]]);
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([
        ["shards[0].kind", "same-kind"],
        ["shards[1].kind", "same-kind"],
        ["shards[1].identity", "same-run"],
        ["shards[2].kind", "same-kind"],
        ["shards[2].shard.index", "each-once"],
        ["shards", "complete"],
      ]);
    }
  });

  test("a file that is not a shard, and bad shard specs, are refused", () => {
    expect(() => checkShards("trials", [{ hello: 1 }])).toThrow(/is not a shard written by mdma-trial-sim/);
    expect(() => shardEnvelope("trials", spec, { index: 3, count: 3 }, {})).toThrow(ValidationError);
    expect(() => shardEnvelope("trials", spec, { index: 0, count: 0 }, {})).toThrow(ValidationError);
  });
});
