import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { checkProtocol, parseProtocol, presetInput, ValidationError, type PresetId } from "../../src/engine.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mutate = (p: any) => void;
interface Case {
  name: string;
  preset?: PresetId;
  mutate: Mutate;
  /** Exactly the [path, rule] pairs expected, in any order. */
  expected: [string, string][];
}

const cases: Case[] = [
  { name: "supplemental dose above the initial dose", mutate: (p) => { p.arms[0].sessions[0].initialMg = 60; p.arms[0].sessions[0].supplemental.mg = 90; }, expected: [["arms[0].sessions[0].supplemental.mg", "supplemental-not-above-initial"]] },
  { name: "supplemental dose offered with an inactive placebo", mutate: (p) => { p.arms[1].sessions[1].supplemental = { mg: 20, offeredAtH: { earliest: 2, latest: 2.5 } }; }, expected: [["arms[1].sessions[1].supplemental.mg", "supplemental-not-above-initial"]] },
  {
    name: "drug sessions 10 days apart (integration sessions of the first then fall after the second)",
    mutate: (p) => { p.schedule.experimental[1].day = 34; },
    expected: [["schedule.experimental[1].day", "drug-session-spacing"], ["schedule.integration[2].day", "integration-before-next-session"], ["schedule.integration[3].day", "integration-before-next-session"]],
  },
  { name: "drug sessions 20 days apart", preset: "mp8", mutate: (p) => { p.schedule.experimental[1].day = 41; p.schedule.integration = p.schedule.integration.filter((s: any) => s.day < 41 || s.afterSession === 1); }, expected: [["schedule.experimental[1].day", "drug-session-spacing"]] },
  { name: "course longer than 16 weeks", mutate: (p) => { p.schedule.integration.push({ day: 130, durationMin: 90, afterSession: 1 }); }, expected: [["schedule", "course-length"]] },
  {
    name: "course shorter than 8 weeks",
    preset: "mp8",
    mutate: (p) => { p.schedule.integration = p.schedule.integration.filter((s: any) => s.day <= 50); },
    expected: [["schedule", "course-length"]],
  },
  { name: "vitals reading after the session ends", mutate: (p) => { p.sessionRules.vitals.bloodPressureAndHeartRateH.push(9); }, expected: [["sessionRules.vitals.bloodPressureAndHeartRateH[13]", "reading-within-session"]] },
  { name: "temperature reading after a shortened session ends", mutate: (p) => { p.schedule.experimental[1].durationH = 7; }, expected: [["sessionRules.vitals.bloodPressureAndHeartRateH[12]", "reading-within-session"], ["sessionRules.vitals.temperatureH[6]", "reading-within-session"]] },
  { name: "an arm without sessions", mutate: (p) => { p.arms[1].sessions = []; }, expected: [["arms[1].sessions", "minimum"]] },
  { name: "negative dose", mutate: (p) => { p.arms[1].sessions[0].initialMg = -5; }, expected: [["arms[1].sessions[0].initialMg", "minimum"]] },
  { name: "infinite dose", mutate: (p) => { p.arms[0].sessions[1].initialMg = Infinity; }, expected: [["arms[0].sessions[1].initialMg", "type"]] },
  { name: "NaN session length", mutate: (p) => { p.schedule.experimental[0].durationH = NaN; }, expected: [["schedule.experimental[0].durationH", "type"]] },
  { name: "unknown field in an arm", mutate: (p) => { p.arms[0].dose = 125; }, expected: [["arms[0].dose", "unknown-field"]] },
  { name: "unknown top-level field", mutate: (p) => { p.sponsor = "MAPS"; }, expected: [["sponsor", "unknown-field"]] },
  { name: "title of the wrong type", mutate: (p) => { p.title = 42; }, expected: [["title", "type"]] },
  { name: "missing control arm", mutate: (p) => { delete p.controlArmId; }, expected: [["controlArmId", "type"]] },
  { name: "control arm that does not exist", mutate: (p) => { p.controlArmId = "pbo"; }, expected: [["controlArmId", "known-arm"]] },
  { name: "duplicate arm ids", mutate: (p) => { p.arms[1].id = "mdma"; p.controlArmId = "mdma"; }, expected: [["arms[1].id", "unique-id"]] },
  { name: "dosing for more sessions than the schedule has", mutate: (p) => { p.arms[0].sessions.push({ initialMg: 125 }); }, expected: [["arms[0].sessions", "one-dosing-per-session"]] },
  { name: "supplemental window that ends before it starts", mutate: (p) => { p.arms[0].sessions[0].supplemental.offeredAtH = { earliest: 3, latest: 2 }; }, expected: [["arms[0].sessions[0].supplemental.offeredAtH.latest", "window-order"]] },
  { name: "supplemental offered at the end of the session", mutate: (p) => { p.arms[0].sessions[1].supplemental.offeredAtH.latest = 8; }, expected: [["arms[0].sessions[1].supplemental.offeredAtH.latest", "supplemental-within-session"]] },
  { name: "session dose above the highest studied", mutate: (p) => { p.arms[0].sessions[0].initialMg = 150; p.arms[0].sessions[0].supplemental.mg = 75; }, expected: [["arms[0].sessions[0].initialMg", "max-studied-dose"]] },
  {
    name: "no preparatory session before the first drug session",
    mutate: (p) => { p.schedule.preparatory = []; p.schedule.extendedCourse = { reason: "teaching example" }; },
    expected: [["schedule.preparatory", "preparation-before-drug-session"]],
  },
  {
    name: "a drug session without integration",
    mutate: (p) => { p.schedule.integration = p.schedule.integration.filter((s: any) => s.afterSession === 0); p.schedule.extendedCourse = { reason: "teaching example" }; },
    expected: [["schedule.experimental[1]", "integration-after-each-session"]],
  },
  { name: "integration before the session it follows", mutate: (p) => { p.schedule.integration[0].day = 20; }, expected: [["schedule.integration[0].day", "integration-after-session"]] },
  { name: "integration after a session that does not exist", mutate: (p) => { p.schedule.integration[7].afterSession = 5; }, expected: [["schedule.integration[7].afterSession", "known-session"]] },
  { name: "four drug sessions", preset: "mp2", mutate: (p) => { p.schedule.experimental.push({ day: 105, durationH: 8 }); }, expected: [["schedule.experimental", "maximum"]] },
  { name: "a 10-hour drug session", mutate: (p) => { p.schedule.experimental[0].durationH = 10; }, expected: [["schedule.experimental[0].durationH", "maximum"]] },
  { name: "primary assessment that does not exist", mutate: (p) => { p.endpoints.primaryAssessmentId = "week-18"; }, expected: [["endpoints.primaryAssessmentId", "known-assessment"]] },
  { name: "primary assessment before the last drug session", mutate: (p) => { p.schedule.assessments[3].day = 40; }, expected: [["endpoints.primaryAssessmentId", "primary-after-last-session"]] },
  { name: "primary endpoint naming a post-session visit", mutate: (p) => { p.endpoints.primaryAssessmentId = "post-s2"; }, expected: [["endpoints.primaryAssessmentId", "primary-kind"]] },
  { name: "two baseline assessments", mutate: (p) => { p.schedule.assessments[1].kind = "baseline"; }, expected: [["schedule.assessments", "one-baseline"]] },
  { name: "duplicate assessment ids", mutate: (p) => { p.schedule.assessments[2].id = "post-s1"; }, expected: [["schedule.assessments[2].id", "unique-id"]] },
  { name: "post-session visit before any drug session", mutate: (p) => { p.schedule.assessments[1].day = 20; }, expected: [["schedule.assessments[1].day", "post-session-after-session"]] },
  { name: "entry threshold off the scale", mutate: (p) => { p.eligibility.minimumBaselineScore = 150; }, expected: [["eligibility.minimumBaselineScore", "on-scale"], ["population.baselineScore.mean", "baseline-above-entry-threshold"]] },
  { name: "baseline mean below the entry threshold", mutate: (p) => { p.population.baselineScore.mean = 45; }, expected: [["population.baselineScore.mean", "baseline-above-entry-threshold"]] },
  { name: "CAPS-5 cutoffs above the scale", preset: "phase3", mutate: (p) => { p.endpoints.lossOfDiagnosis.belowScore = 90; p.endpoints.response.points = 85; }, expected: [["endpoints.lossOfDiagnosis.belowScore", "on-scale"], ["endpoints.response.points", "on-scale"]] },
  { name: "repeat reading without an interval", mutate: (p) => { delete p.sessionRules.thresholds[0].repeatAfterMin; }, expected: [["sessionRules.thresholds[0].repeatAfterMin", "repeat-interval-required"]] },
  { name: "implausible blood pressure threshold", mutate: (p) => { p.sessionRules.thresholds[0].above = 400; }, expected: [["sessionRules.thresholds[0].above", "plausible-threshold"]] },
  { name: "implausible temperature rise", mutate: (p) => { p.sessionRules.thresholds[5].above = 10; }, expected: [["sessionRules.thresholds[5].above", "plausible-threshold"]] },
  { name: "duplicate threshold ids", mutate: (p) => { p.sessionRules.thresholds[1].id = "sbp-160"; }, expected: [["sessionRules.thresholds[1].id", "unique-id"]] },
  {
    name: "no reading before the supplemental dose that a rule may withhold",
    mutate: (p) => { p.sessionRules.vitals.bloodPressureAndHeartRateH = [3, 4, 5, 6]; },
    expected: [["sessionRules.thresholds[0]", "reading-before-supplemental"], ["sessionRules.thresholds[1]", "reading-before-supplemental"], ["sessionRules.thresholds[2]", "reading-before-supplemental"]],
  },
  { name: "unknown action", mutate: (p) => { p.sessionRules.thresholds[0].actions = ["call-ambulance"]; }, expected: [["sessionRules.thresholds[0].actions[0]", "allowed-values"]] },
  { name: "dosing MDMA without the cardiovascular exclusions", mutate: (p) => { p.eligibility.exclusions = ["psychosis", "pregnancy"]; }, expected: [["eligibility.exclusions", "safety-exclusions"]] },
  { name: "unknown exclusion", mutate: (p) => { p.eligibility.exclusions.push("heart"); }, expected: [["eligibility.exclusions[7]", "allowed-values"]] },
  { name: "minors", mutate: (p) => { p.eligibility.minimumAgeYears = 16; }, expected: [["eligibility.minimumAgeYears", "minimum"]] },
  { name: "more than 100% women", mutate: (p) => { p.population.percentWomen = 120; }, expected: [["population.percentWomen", "maximum"]] },
  { name: "a 0% response threshold", mutate: (p) => { p.endpoints.response.percent = 0; }, expected: [["endpoints.response.percent", "minimum"]] },
  { name: "unknown response kind", mutate: (p) => { p.endpoints.response = { kind: "cgi", percent: 30 }; }, expected: [["endpoints.response.kind", "allowed-values"]] },
  { name: "an upper-case id", mutate: (p) => { p.arms[0].id = "MDMA"; p.controlArmId = "placebo"; }, expected: [["arms[0].id", "format"]] },
  { name: "zero allocation weight", mutate: (p) => { p.arms[0].allocation = 0; }, expected: [["arms[0].allocation", "minimum"]] },
  { name: "fractional planned n", mutate: (p) => { p.arms[0].plannedN = 12.5; }, expected: [["arms[0].plannedN", "type"]] },
  { name: "negative day", mutate: (p) => { p.schedule.preparatory[0].day = -3; }, expected: [["schedule.preparatory[0].day", "minimum"]] },
  { name: "unknown scale", mutate: (p) => { p.endpoints.scale = "PCL-5"; }, expected: [["endpoints.scale", "allowed-values"]] },
];

function pairs(input: unknown): [string, string][] {
  const result = checkProtocol(input);
  return result.valid ? [] : result.issues.map((i) => [i.path, i.rule] as [string, string]);
}

const byPath = (a: [string, string], b: [string, string]) => (a[0] + a[1]).localeCompare(b[0] + b[1]);

describe("malformed protocols fail with the exact path and rule", () => {
  test("there are at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });
  test.each(cases)("$name", ({ preset = "mp1", mutate, expected }) => {
    const input = presetInput(preset);
    mutate(input);
    expect(pairs(input).sort(byPath)).toEqual([...expected].sort(byPath));
  });
});

describe("what is allowed", () => {
  test("every preset is valid", () => {
    for (const id of ["sessa2016", "mp1", "mp2", "mp8", "mp12", "phase3"] as const) expect(pairs(presetInput(id))).toEqual([]);
  });
  test("a course outside 8-16 weeks passes when the protocol says it is deliberate", () => {
    const p: any = presetInput("mp1");
    p.schedule.integration.push({ day: 130, durationMin: 90, afterSession: 1 });
    p.schedule.extendedCourse = { reason: "integration extended for a teaching scenario" };
    expect(pairs(p)).toEqual([]);
  });
  test("a supplemental dose equal to the initial dose is allowed", () => {
    const p: any = presetInput("mp8");
    p.arms[2].sessions[0].supplemental.mg = 30;
    expect(pairs(p)).toEqual([]);
  });
  test("drug sessions exactly 3 weeks apart are allowed", () => {
    const p: any = presetInput("mp8");
    p.schedule.experimental[1].day = 42;
    p.schedule.integration = p.schedule.integration.filter((s: any) => s.day < 42 || s.afterSession === 1);
    expect(pairs(p)).toEqual([]);
  });
  test("defaults are filled in", () => {
    const p: any = presetInput("mp1");
    delete p.arms[0].allocation;
    delete p.eligibility.minimumAgeYears;
    delete p.sessionRules.thresholds[0].reference;
    const parsed = parseProtocol(p);
    expect(parsed.arms[0]!.allocation).toBe(1);
    expect(parsed.eligibility.minimumAgeYears).toBe(18);
    expect(parsed.sessionRules.thresholds[0]!.reference).toBe("absolute");
  });
});

describe("the error", () => {
  test("one ValidationError lists every problem, with path, rule and value (snapshot)", () => {
    const p: any = presetInput("mp1");
    p.arms[0].sessions[0].initialMg = 60;
    p.arms[0].sessions[0].supplemental.mg = 90;
    p.schedule.experimental[1].day = 34;
    p.arms[1].colour = "blue";
    let caught: unknown;
    try {
      parseProtocol(p);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).message).toMatchInlineSnapshot(`
      "Invalid protocol: 5 problems
        - arms[1].colour: unknown field "colour" (check the spelling; unknown fields are rejected so that typos do not pass silently) [unknown-field] (received "blue")
        - arms[0].sessions[0].supplemental.mg: a supplemental dose (90 mg) must not exceed the initial dose (60 mg) [supplemental-not-above-initial] (received 90)
        - schedule.experimental[1].day: drug sessions must be at least 3 weeks (21 days) apart; this one is 10 days after the previous one [drug-session-spacing] (received 34)
        - schedule.integration[2].day: an integration session for drug session 1 must come before the next drug session (day 34) [integration-before-next-session] (received 38)
        - schedule.integration[3].day: an integration session for drug session 1 must come before the next drug session (day 34) [integration-before-next-session] (received 45)"
    `);
  });
  test("a root that is not an object", () => {
    expect(pairs([])).toEqual([["(root)", "type"]]);
    expect(pairs(null)).toEqual([["(root)", "type"]]);
  });
  test("arbitrary input never throws from inside the validator", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false }), (value) => {
        const r = checkProtocol(value);
        expect(r.valid).toBe(false);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
  test("random damage to a valid protocol is reported, never thrown", () => {
    const leafPaths = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      v !== null && typeof v === "object"
        ? Object.entries(v as object).flatMap(([k, x]) => leafPaths(x, [...prefix, Array.isArray(v) ? Number(k) : k]))
        : [prefix];
    const base = presetInput("mp12");
    const paths = leafPaths(base);
    fc.assert(
      fc.property(fc.nat(paths.length - 1), fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.integer(), fc.boolean()), (i, replacement) => {
        const p: any = structuredClone(base);
        const path = paths[i]!;
        let obj = p;
        for (const k of path.slice(0, -1)) obj = obj[k];
        obj[path[path.length - 1]!] = replacement;
        const r = checkProtocol(p);
        if (!r.valid) for (const issue of r.issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
