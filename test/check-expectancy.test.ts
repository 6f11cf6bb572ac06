import { describe, expect, test } from "vitest";
import { parsePublishedResult } from "../src/check/check.js";
import { publishedContext } from "../src/check/context.js";
import { expectancySensitivity } from "../src/check/rules/index.js";

const result = (guesses?: { treated: object; control: object }) =>
  parsePublishedResult({
    id: "t",
    design: { scale: "CAPS-IV" },
    arms: [
      { id: "mdma", role: "treatment", n: 20, baseline: { mean: 80, sd: 20 }, endpoint: { mean: 40, sd: 25 }, ...(guesses ? { guesses: guesses.treated } : {}) },
      { id: "placebo", role: "control", n: 20, baseline: { mean: 80, sd: 20 }, endpoint: { mean: 60, sd: 25 }, ...(guesses ? { guesses: guesses.control } : {}) },
    ],
  });

describe("expectancy sensitivity (issue 13 item 6)", () => {
  test("without guesses or a preset: complete unblinding assumed; the curve is L + η·ΔB, in points at the control's endpoint", () => {
    const [row] = expectancySensitivity(publishedContext(result()));
    const L = Math.log(40 / 80) - Math.log(60 / 80);
    expect(row!.values!.logRatioContrast).toBeCloseTo(L, 12);
    expect(row!.values!.beliefDifference).toBe(1);
    // At η = 0 the pharmacological difference is the published endpoint difference (equal baselines).
    expect(row!.values!.pharmacologicalAtZero).toBeCloseTo(40 - 60, 10);
    expect(row!.values!.etaForAllExpectancy).toBeCloseTo(-L, 12);
    for (const p of row!.curve!.points) expect(p.y).toBeCloseTo(60 * (Math.exp(L + p.x) - 1), 10);
    expect(row!.message).toMatch(/complete unblinding/);
  });

  test("reported guesses set the belief difference: a guess of MDMA counts 1, don't know ½", () => {
    const [row] = expectancySensitivity(publishedContext(result({ treated: { experimental: 15, control: 2, dontKnow: 3 }, control: { experimental: 4, control: 14, dontKnow: 2 } })));
    expect(row!.values!.beliefDifference).toBeCloseTo((15 + 1.5) / 20 - (4 + 1) / 20, 12);
    expect(row!.message).toMatch(/reported guesses/);
  });

  test("a difference explainable by belief alone within the prior's 95% range is a warning", () => {
    const small = parsePublishedResult({
      id: "s",
      design: { scale: "CAPS-IV" },
      arms: [
        { id: "mdma", role: "treatment", n: 20, baseline: { mean: 80, sd: 20 }, endpoint: { mean: 55, sd: 25 } },
        { id: "placebo", role: "control", n: 20, baseline: { mean: 80, sd: 20 }, endpoint: { mean: 60, sd: 25 } },
      ],
    });
    const [row] = expectancySensitivity(publishedContext(small));
    expect(row!.values!.etaForAllExpectancy).toBeCloseTo(-Math.log(55 / 60), 12);
    expect(row!.status).toBe("warn");
    const large = parsePublishedResult({
      id: "l",
      design: { scale: "CAPS-IV" },
      arms: [
        { id: "mdma", role: "treatment", n: 20, baseline: { mean: 80, sd: 20 }, endpoint: { mean: 25, sd: 25 } },
        { id: "placebo", role: "control", n: 20, baseline: { mean: 80, sd: 20 }, endpoint: { mean: 60, sd: 25 } },
      ],
    });
    // log(60/25) = 0.875 is past the prior's 95% point, 0.3·1.96 = 0.588.
    expect(expectancySensitivity(publishedContext(large))[0]!.status).toBe("pass");
  });
});
