import { describe, expect, test } from "vitest";
import REF from "../fixtures/blinding.json";
import { bangBlindingIndex, jamesBlindingIndex, type BlindingAlternative } from "../../src/analysis/blinding.js";
import { ValidationError } from "../../src/errors.js";
import { expectClose } from "../helpers/close.js";

// Expected values: scripts/reference/blinding.py (the papers' definitions, differentiated
// symbolically with SymPy; variances by the multinomial delta method, not the closed forms used here).

const cases = REF.cases.map((c) => [`${c.label}, ${c.confLevel * 100}% ${c.alternative}`, c] as const);

describe("Bang's blinding index against the delta-method reference", () => {
  test.each(cases)("%s", (_l, c) => {
    const bang = bangBlindingIndex({ treated: c.treated, control: c.control }, { confLevel: c.confLevel, alternative: c.alternative as BlindingAlternative });
    for (const arm of ["treated", "control"] as const) {
      const mine = bang[arm]!;
      const ref = c.bang[arm];
      expectClose(mine.estimate, ref.estimate, 1e-14, 1e-15, `${arm} estimate`);
      expectClose(mine.se, ref.se, 1e-12, 1e-15, `${arm} se`);
      expectClose(mine.ciLower, ref.ciLower, 1e-12, 1e-14, `${arm} lower`);
      expectClose(mine.ciUpper, ref.ciUpper, 1e-12, 1e-14, `${arm} upper`);
      expect(mine.n).toBe(ref.n);
    }
  });
});

describe("James' blinding index against the delta-method reference", () => {
  test.each(cases)("%s", (_l, c) => {
    const james = jamesBlindingIndex({ treated: c.treated, control: c.control }, { confLevel: c.confLevel, alternative: c.alternative as BlindingAlternative })!;
    expectClose(james.estimate, c.james.estimate, 1e-13, 1e-15, "estimate");
    expectClose(james.se, c.james.se, 1e-10, 1e-15, "se");
    expectClose(james.ciLower, c.james.ciLower, 1e-10, 1e-14, "lower");
    expectClose(james.ciUpper, c.james.ciUpper, 1e-10, 1e-14, "upper");
  });

  test("only don't-know answers: index 1, SE 0 (James et al. 1996, p. 1425)", () => {
    const c = REF.allDontKnow;
    const james = jamesBlindingIndex({ treated: c.treated, control: c.control })!;
    expect(james).toEqual({ estimate: c.james.estimate, se: c.james.se, ciLower: c.james.ciLower, ciUpper: c.james.ciUpper, n: 21 });
  });
});

describe("published output", () => {
  test("Houweling et al. 2014 investigators, as printed by BlindingIndex.jl (a port of the BI package)", () => {
    // README of JuliaHealth/BlindingIndex.jl, x = [48 22; 4 30; 330 319]: James 0.896 (SE 0.011,
    // 0.875 to 0.918); Bang treated 0.115 (0.018, 0.08 to 0.15), placebo 0.022 (0.019, -0.016 to 0.06).
    const table = { treated: { guessedTreated: 48, guessedControl: 4, dontKnow: 330 }, control: { guessedTreated: 22, guessedControl: 30, dontKnow: 319 } };
    const james = jamesBlindingIndex(table)!;
    const bang = bangBlindingIndex(table);
    const round = (x: number, digits: number) => Number(x.toFixed(digits));
    expect([round(james.estimate, 3), round(james.se, 3), round(james.ciLower, 3), round(james.ciUpper, 3)]).toEqual([0.896, 0.011, 0.875, 0.918]);
    expect([round(bang.treated!.estimate, 3), round(bang.treated!.se, 3), round(bang.treated!.ciLower, 2), round(bang.treated!.ciUpper, 2)]).toEqual([0.115, 0.018, 0.08, 0.15]);
    expect([round(bang.control!.estimate, 3), round(bang.control!.se, 3), round(bang.control!.ciLower, 3), round(bang.control!.ciUpper, 2)]).toEqual([0.022, 0.019, -0.016, 0.06]);
  });
});

describe("undefined and invalid tables", () => {
  test("an empty arm has no Bang index; an empty table has no James index", () => {
    const bang = bangBlindingIndex({ treated: { guessedTreated: 3, guessedControl: 1, dontKnow: 0 }, control: { guessedTreated: 0, guessedControl: 0, dontKnow: 0 } });
    expect(bang.control).toBeNull();
    expect(bang.treated!.estimate).toBe(0.5);
    const empty = { guessedTreated: 0, guessedControl: 0, dontKnow: 0 };
    expect(jamesBlindingIndex({ treated: empty, control: empty })).toBeNull();
  });

  test("every problem is reported at once", () => {
    const bad = { treated: { guessedTreated: -1, guessedControl: 2.5, dontKnow: 0 }, control: { guessedTreated: 1, guessedControl: 1 } };
    let error: unknown;
    try {
      // @ts-expect-error: dontKnow is missing on purpose
      jamesBlindingIndex(bad, { confLevel: 1.5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues.map((i) => `${i.path} ${i.rule}`);
    expect(issues).toEqual(["table.treated.guessedTreated minimum", "table.treated.guessedControl type", "table.control.dontKnow type", "options.confLevel maximum"]);
  });
});
