/**
 * Issue 12, protocol part: bounded, linear-time, non-recursive validation. Each test is built from
 * a reproduction in the issue; none measures time (the timings are in the branch report).
 */
import { describe, expect, test } from "vitest";
import { checkProtocol, parseProtocol, presetInput, PROTOCOL_BOUNDS, protocolBoundsMarkdown, ValidationError } from "../../src/engine.js";
import { PROTOCOL_RULES } from "../../src/protocol/rules/index.js";
import { cleanChecker } from "../../src/protocol/rules/clean-paths.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Input = any;

function pairs(input: unknown): [string, string][] {
  const result = checkProtocol(input);
  return result.valid ? [] : result.issues.map((i) => [i.path, i.rule] as [string, string]);
}

/** The error message a user sees; building it must not throw. */
function message(input: unknown): string {
  try {
    parseProtocol(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).message;
  }
  throw new Error("expected a ValidationError");
}

/** `{ x: [ { x: [ ... 1 ] } ] }`, `levels` levels deep (each object and each array is a level). */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels / 2; i++) value = { x: [value] };
  return value;
}

describe("item 1: deep nesting (about 4,100 levels) anywhere in an invalid file", () => {
  const places: [string, (p: Input, deep: unknown) => void, RegExp][] = [
    ["an unknown top-level field", (p, d) => { p.extra = d; }, /^extra(\.x\[0\])+/],
    ["the title", (p, d) => { p.title = d; }, /^title(\.x\[0\])+/],
    ["an arm", (p, d) => { p.arms[0].sessions[0].supplemental = d; }, /^arms\[0\]\.sessions\[0\]\.supplemental(\.x\[0\])+/],
    ["an assessment's label", (p, d) => { p.schedule.assessments[2].label = d; }, /^schedule\.assessments\[2\]\.label(\.x\[0\])+/],
    ["the root, as an array", (p, d) => { p.provenance = [d]; }, /^provenance\[0\](\.x\[0\])+/],
  ];
  test.each(places)("in %s: one nesting-depth issue with its path, and a message", (_, put, path) => {
    const p: Input = presetInput("mp1");
    put(p, nested(4100));
    const result = checkProtocol(p);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.rule)).toEqual(["nesting-depth"]);
    expect(result.issues[0]!.path).toMatch(path);
    expect(message(p)).toMatch(/nested more than 16 levels deep/);
  });
  test("a deeply nested array as the whole input", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pairs(deep)[0]).toEqual([expect.stringMatching(/^(\[0\])+$/), "nesting-depth"]);
  });
});

describe("items 2 and 3: large arrays are rejected before the schema, with their path", () => {
  test("123,000 preparatory sessions", () => {
    const p: Input = presetInput("mp1");
    p.schedule.preparatory = Array.from({ length: 123_000 }, (_, i) => ({ day: 1 + (i % 20), durationMin: 90 }));
    expect(pairs(p)).toEqual([["schedule.preparatory", "array-length"]]);
    expect(message(p)).toMatch(/has 123000 items/);
  });
  test("61,000 valid arms", () => {
    const p: Input = presetInput("mp1");
    p.arms = Array.from({ length: 61_000 }, (_, i) => ({ ...p.arms[1], id: `a${i}` }));
    expect(pairs(p)).toEqual([["arms", "array-length"]]);
  });
  test("1,500,000 invalid arms", () => {
    const p: Input = presetInput("mp1");
    const arm = { id: "a", label: "x", sessions: [{ initialMg: -1 }] };
    p.arms = new Array(1_500_000).fill(arm);
    expect(pairs(p)).toEqual([["arms", "array-length"]]);
  });
  test("more arms than the bound but fewer than the shape limit: one issue at arms, none per arm", () => {
    const p: Input = presetInput("mp1");
    p.arms = Array.from({ length: 900 }, (_, i) => ({ id: `a${i}`, label: "x", sessions: [{ initialMg: -1 }] }));
    expect(pairs(p)).toEqual([["arms", "maximum"]]);
  });
  test("many invalid items within the bounds are each reported", () => {
    const p: Input = presetInput("mp1");
    p.arms = Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, label: "x", sessions: [{ initialMg: -1 }, { initialMg: -2 }] }));
    const found = pairs(p);
    expect(found.filter(([, rule]) => rule === "minimum")).toHaveLength(24);
    expect(found).toContainEqual(["arms[11].sessions[1].initialMg", "minimum"]);
  });
  test("a 50 MB document (9,000 provenance notes of 5,500 characters)", () => {
    const p: Input = presetInput("mp1");
    p.provenance = new Array(9000).fill({ path: "x", status: "assumed", source: "y".repeat(5500) });
    expect(pairs(p)).toEqual([["provenance", "array-length"]]);
  });
});

describe("item 3: the clean-path checker (was quadratic in the number of problems)", () => {
  const isClean = cleanChecker([["arms", 1, "sessions", 0, "initialMg"], ["schedule"], ["endpoints", "scale"]]);
  test.each([
    [["arms"], false],
    [["arms", 1], false],
    [["arms", 1, "sessions", 0, "initialMg"], false],
    [["arms", 1, "sessions", 0, "initialMg", "x"], false],
    [["arms", 0], true],
    [["arms", 1, "id"], true],
    [["arms", 1, "sessions", 1], true],
    [["schedule", "experimental", 0, "day"], false],
    [["endpoints"], false],
    [["endpoints", "response"], true],
    [["population"], true],
    [[], false],
  ] as [PropertyKey[], boolean][])("%j is clean: %s", (path, clean) => {
    expect(isClean(path)).toBe(clean);
  });
  test("with no problems every path is clean, the root included", () => {
    expect(cleanChecker([])([])).toBe(true);
    expect(cleanChecker([])(["arms", 0])).toBe(true);
  });
  test("array indices and string keys are told apart", () => {
    expect(cleanChecker([["arms", 0]])(["arms", "0"])).toBe(true);
  });
});

describe("item 4: upper bounds on every size and value", () => {
  const cases: [string, (p: Input) => void, [string, string]][] = [
    ["plannedN 99999999999", (p) => { p.arms[0].plannedN = 99_999_999_999; }, ["arms[0].plannedN", "maximum"]],
    ["plannedN 5,001", (p) => { p.arms[0].plannedN = 5001; }, ["arms[0].plannedN", "maximum"]],
    ["mean age 9e15", (p) => { p.population.ageYears.mean = 9e15; }, ["population.ageYears.mean", "maximum"]],
    ["an assessment on day 1e15", (p) => { p.schedule.assessments[4].day = 1e15; }, ["schedule.assessments[4].day", "maximum"]],
    ["an assessment more than 10 years after baseline", (p) => { p.schedule.assessments[4].day = 3654; }, ["schedule.assessments[4].day", "maximum"]],
    ["allocation weight 1e15", (p) => { p.arms[0].allocation = 1e15; }, ["arms[0].allocation", "maximum"]],
    ["durationMin 5e-324", (p) => { p.schedule.preparatory[0].durationMin = 5e-324; }, ["schedule.preparatory[0].durationMin", "minimum"]],
    ["a 9-hour preparatory session", (p) => { p.schedule.integration[0].durationMin = 540; }, ["schedule.integration[0].durationMin", "maximum"]],
    ["a 2-hour drug session", (p) => { p.schedule.experimental[0].durationH = 2; }, ["schedule.experimental[0].durationH", "minimum"]],
    ["13 arms", (p) => { p.arms = Array.from({ length: 13 }, (_, i) => ({ ...p.arms[1], id: `a${i}` })); }, ["arms", "maximum"]],
    ["65 blood-pressure readings", (p) => { p.sessionRules.vitals.bloodPressureAndHeartRateH = Array.from({ length: 65 }, (_, i) => i / 10); }, ["sessionRules.vitals.bloodPressureAndHeartRateH", "maximum"]],
    ["a reading 1e9 h after dosing", (p) => { p.sessionRules.vitals.temperatureH[6] = 1e9; }, ["sessionRules.vitals.temperatureH[6]", "maximum"]],
    ["33 thresholds", (p) => { p.sessionRules.thresholds = Array.from({ length: 33 }, (_, i) => ({ ...p.sessionRules.thresholds[3], id: `t${i}` })); }, ["sessionRules.thresholds", "maximum"]],
    ["an age SD of 0.01", (p) => { p.population.ageYears.sd = 0.01; }, ["population.ageYears.sd", "minimum"]],
    ["a supplemental dose of 1e-300 mg", (p) => { p.arms[0].sessions[0].supplemental.mg = 1e-300; }, ["arms[0].sessions[0].supplemental.mg", "minimum"]],
    ["a comparator stronger than MDMA", (p) => { p.arms[1].activeComparator = { name: "x", subjectiveIntensity: 1.5 }; p.blinding = { ...p.blinding, placebo: "active-comparator" }; }, ["arms[1].activeComparator.subjectiveIntensity", "maximum"]],
    ["a 9,000-character title", (p) => { p.title = "t".repeat(9000); }, ["title", "maximum"]],
  ];
  test.each(cases)("%s", (_, mutate, expected) => {
    const p: Input = presetInput("mp1");
    mutate(p);
    expect(pairs(p)).toEqual([expected]);
  });
  test("an integer far out of range is one issue, not two", () => {
    const p: Input = presetInput("mp1");
    p.arms[0].plannedN = 1e20;
    expect(checkProtocol(p).issues).toHaveLength(1);
  });
  test("values at the documented limits are accepted", () => {
    const p: Input = presetInput("mp1");
    p.arms[0].plannedN = 5000;
    p.arms[0].allocation = 100;
    p.population.ageYears = { mean: 90, sd: 30 };
    p.schedule.assessments[4].day = 3653;
    p.schedule.preparatory[0].durationMin = 15;
    p.sessionRules.thresholds[0].repeatAfterMin = 1;
    expect(pairs(p)).toEqual([]);
  });
});

describe("item 8: a threshold at 90 mmHg repeating every 1e-9 min", () => {
  test("is rejected at validation: repeats come at least 1 min apart", () => {
    const p: Input = presetInput("mp1");
    p.sessionRules.thresholds.push({ id: "sbp-90", measure: "systolicMmHg", above: 90, actions: ["repeat-reading"], repeatAfterMin: 1e-9 });
    expect(pairs(p)).toEqual([["sessionRules.thresholds[6].repeatAfterMin", "minimum"]]);
    expect(message(p)).toMatch(/must be at least 1: a blood-pressure reading takes about a minute/);
  });
});

describe("item 11: problems found at validation, named by their field", () => {
  test("a mean age of 1e9 names population.ageYears.mean", () => {
    const p: Input = presetInput("mp1");
    p.population.ageYears.mean = 1e9;
    expect(pairs(p)).toEqual([["population.ageYears.mean", "maximum"]]);
  });
  test("a baseline SD no truncated normal can have is reported at population.baselineScore.sd", () => {
    const p: Input = presetInput("mp2");
    p.population.baselineScore.sd = 30; // MP-2: mean 65.4 with entry >= 50 allows at most about 15
    expect(pairs(p)).toEqual([["population.baselineScore.sd", "feasible-baseline"]]);
    expect(message(p)).toMatch(/no normal truncated to \[49\.5, 136\.5\] .* has mean 65\.4 and SD 30/);
  });
  test("a baseline mean on the entry threshold leaves no room for any SD the schema accepts", () => {
    const p: Input = presetInput("mp1");
    p.population.baselineScore.mean = 50;
    expect(pairs(p)).toEqual([["population.baselineScore.sd", "feasible-baseline"]]);
  });
});

describe("item 12: the entry threshold is a whole number", () => {
  test("50.3 is rejected (totals are integers: the threshold 50.3 means 51)", () => {
    const p: Input = presetInput("mp1");
    p.eligibility.minimumBaselineScore = 50.3;
    expect(pairs(p)).toEqual([["eligibility.minimumBaselineScore", "type"]]);
    expect(message(p)).toMatch(/must be an integer/);
  });
});

describe("the bounds table", () => {
  const ruleNames = new Set([...PROTOCOL_RULES.map((r) => r.rule), "known-session", "on-scale"]);
  test.each(Object.entries(PROTOCOL_BOUNDS))("%s has a range, a unit, a reason and known enforcement", (_, bound: Record<string, unknown>) => {
    expect(typeof bound.unit).toBe("string");
    expect((bound.reason as string).length).toBeGreaterThan(10);
    if (bound.rule !== undefined) expect(ruleNames.has(bound.rule as string)).toBe(true);
    if (bound.ruleOnly) expect(bound.rule).toBeDefined();
    const hasRange = bound.min !== undefined || bound.max !== undefined || bound.upToScaleMax === true || bound.ruleOnly === true;
    expect(hasRange).toBe(true);
  });
  test("renders as a Markdown table with one row per bound", () => {
    const lines = protocolBoundsMarkdown().split("\n");
    expect(lines).toHaveLength(2 + Object.keys(PROTOCOL_BOUNDS).length);
    expect(lines).toContain("| `arms[].plannedN` | >= 1, <= 5000 (whole number) | participants | schema | Phase 2 arms randomized 4-13 and MAPP1 46 and 44 (FACTS.md §A1); 5,000 per arm is beyond any psychotherapy trial and keeps a simulated trial within memory |");
  });
});
