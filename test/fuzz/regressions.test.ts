/**
 * The corpus of past crashes (test/fuzz/corpus.ts), in the default tier: each reproduction of
 * issue 12 ends as it must, a ValidationError naming its field or a result.
 */
import { describe, expect, test } from "vitest";
import { simulateTrials, preset, ValidationError } from "../../src/engine.js";
import { PROTOCOL_CASES, PUBLISHED_CASES, RUN_OPTION_CASES } from "./corpus.js";
import { protocolOutcome, publishedOutcome, simulateBriefly } from "./outcomes.js";

describe("past crashes: protocols", () => {
  test.each(PROTOCOL_CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const r = protocolOutcome(c.input());
    if (c.expect === "valid") {
      expect(r.outcome).toBe("valid");
      expect(simulateBriefly(r.protocol!, 1)).toBe("result");
    } else for (const path of c.expect) expect(r.paths.some((p) => path.test(p)), `${c.found}: ${path} in ${r.paths.slice(0, 5).join(", ")}`).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("past crashes: published results", () => {
  test.each(PUBLISHED_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const r = await publishedOutcome(c.input());
    if (c.expect === "valid") expect(r.outcome).toBe("valid");
    else for (const path of c.expect) expect(r.paths.some((p) => path.test(p)), `${c.found}: ${path} in ${r.paths.slice(0, 5).join(", ")}`).toBe(true);
  });
  test("n = 1 with a preset, simulated: a report, not a crash", async () => {
    expect((await publishedOutcome(PUBLISHED_CASES.find((c) => c.id === "n-1-with-preset")!.input(), 100)).outcome).toBe("valid");
  });
});

describe("past crashes: run options and seeds", () => {
  test.each(RUN_OPTION_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const error = await simulateTrials({ protocol: preset("mp1"), seed: c.seed as number }, c.options as { trials: number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.some((i) => c.path.test(i.path))).toBe(true);
  });
});
