/** Issue 13, schema part: the blinding setup, active comparators and open-label phases. */
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import { checkProtocol, courseTimeline, formatTimeline, parseProtocol, presetInput, ProtocolSchema } from "../../src/engine.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Input = any;

function pairs(input: unknown): [string, string][] {
  const result = checkProtocol(input);
  return result.valid ? [] : result.issues.map((i) => [i.path, i.rule] as [string, string]);
}

const withoutBlinding = (id: "mp1" | "mp8" | "sessa2016"): Input => {
  const p: Input = presetInput(id);
  delete p.blinding;
  p.provenance = p.provenance.filter((n: { path: string }) => !n.path.startsWith("blinding"));
  return p;
};

describe("blinding defaults", () => {
  test("an omitted blinding gets independent raters, the default guess schedule and unblinding at the primary", () => {
    const parsed = parseProtocol(withoutBlinding("sessa2016"));
    expect(parsed.blinding).toEqual({
      placebo: "inactive",
      outcomeRater: "independent",
      guesses: { participant: "end-of-blinded-phase", therapist: "end-of-blinded-phase", rater: "at-primary" },
      unblindAfterAssessmentId: "primary",
    });
    expect(parsed.openLabel).toEqual([]);
  });
  test.each([
    ["inactive", (p: Input) => p, "mp1"],
    ["low-dose-mdma", (p: Input) => p, "mp8"],
    ["active-comparator", (p: Input) => { p.arms[1].activeComparator = { name: "methylphenidate", subjectiveIntensity: 0.3 }; return p; }, "mp1"],
  ] as const)("the placebo is inferred from the control arm: %s", (kind, change, id) => {
    expect(parseProtocol(change(withoutBlinding(id))).blinding.placebo).toBe(kind);
  });
  test("partial guesses are completed", () => {
    const p = withoutBlinding("mp1");
    p.blinding = { guesses: { participant: "after-each-session" } };
    expect(parseProtocol(p).blinding.guesses).toEqual({ participant: "after-each-session", therapist: "end-of-blinded-phase", rater: "at-primary" });
  });
  test("open-label preparatory and integration sessions default to none", () => {
    const p: Input = presetInput("mp1");
    delete p.openLabel[0].integration;
    p.provenance = p.provenance.filter((n: { path: string }) => n.path !== "openLabel[0].integration");
    const phase = parseProtocol(p).openLabel[0]!;
    expect([phase.preparatory, phase.integration]).toEqual([[], []]);
  });
});

describe("what the schema rejects", () => {
  test.each([
    ["an unknown placebo kind", (p: Input) => { p.blinding.placebo = "sugar"; }, [["blinding.placebo", "allowed-values"]]],
    ["an unknown rater", (p: Input) => { p.blinding.outcomeRater = "sponsor"; }, [["blinding.outcomeRater", "allowed-values"]]],
    ["a rater guessing after each session", (p: Input) => { p.blinding.guesses.rater = "after-each-session"; }, [["blinding.guesses.rater", "allowed-values"]]],
    ["an unknown blinding field", (p: Input) => { p.blinding.doubleDummy = true; }, [["blinding.doubleDummy", "unknown-field"]]],
    ["a placebo that does not match the control arm", (p: Input) => { p.blinding.placebo = "active-comparator"; }, [["blinding.placebo", "placebo-matches-control-arm"]]],
    ["a comparator on the MDMA arm", (p: Input) => { p.arms[0].activeComparator = { name: "x", subjectiveIntensity: 0.5 }; }, [["arms[0].activeComparator", "comparator-without-mdma"]]],
    ["unblinding before the primary", (p: Input) => { p.blinding.unblindAfterAssessmentId = "post-s1"; }, [["blinding.unblindAfterAssessmentId", "unblind-at-or-after-primary"]]],
    ["four open-label sessions", (p: Input) => { p.openLabel[0].sessions.push({ ...p.openLabel[0].sessions[1], day: 189 }, { ...p.openLabel[0].sessions[1], day: 217 }); }, [["openLabel[0].sessions", "maximum"]]],
    ["a 0 mg open-label session", (p: Input) => { p.openLabel[0].sessions[0].initialMg = 0; delete p.openLabel[0].sessions[0].supplemental; }, [["openLabel[0].sessions[0].initialMg", "minimum"]]],
    ["a 9-hour open-label session", (p: Input) => { p.openLabel[0].sessions[0].durationH = 9; }, [["openLabel[0].sessions[0].durationH", "maximum"]]],
    ["an open-label phase with no arm", (p: Input) => { p.openLabel[0].arms = []; }, [["openLabel[0].arms", "minimum"]]],
    ["an open-label phase for an unknown arm", (p: Input) => { p.openLabel[0].arms = ["pbo"]; }, [["openLabel[0].arms[0]", "known-arm"]]],
    ["an open-label session before unblinding", (p: Input) => { p.openLabel[0].sessions[0].day = 110; }, [["openLabel[0].sessions[0].day", "open-label-after-unblinding"]]],
    ["open-label sessions 20 days apart", (p: Input) => { p.openLabel[0].sessions[1].day = 153; p.openLabel[0].integration.splice(3, 1); }, [["openLabel[0].sessions[1].day", "drug-session-spacing"]]],
    ["an open-label dose above the highest studied", (p: Input) => { p.openLabel[0].sessions[0].initialMg = 150; p.openLabel[0].sessions[0].supplemental.mg = 75; }, [["openLabel[0].sessions[0].initialMg", "max-studied-dose"]]],
  ])("%s", (_, mutate, expected) => {
    const p: Input = presetInput("mp1");
    mutate(p);
    expect(pairs(p).sort()).toEqual([...expected].sort());
  });
  test("the consensus course length applies to the blinded phase only, and follow-up may come after open-label phases", () => {
    const p: Input = presetInput("mp8");
    expect(pairs(p)).toEqual([]);
    const last = Math.max(...p.openLabel.flatMap((phase: Input) => phase.sessions.map((s: Input) => s.day)));
    expect(p.schedule.assessments.some((a: Input) => a.kind === "follow-up" && a.day > last)).toBe(true);
  });
});

describe("shown to users", () => {
  test("the JSON Schema describes blinding and the open-label phases", () => {
    const schema = z.toJSONSchema(ProtocolSchema, { io: "input" }) as Input;
    expect(schema.required).not.toContain("blinding");
    expect(schema.properties.blinding.description).toMatch(/Who is blinded/);
    expect(schema.properties.blinding.properties.placebo.enum).toEqual(["inactive", "low-dose-mdma", "active-comparator"]);
    expect(schema.properties.blinding.properties.outcomeRater.default).toBe("independent");
    expect(schema.properties.openLabel.default).toEqual([]);
    expect(schema.properties.openLabel.items.properties.sessions.maxItems).toBe(3);
    expect(schema.properties.arms.items.properties.activeComparator.properties.subjectiveIntensity).toMatchObject({ minimum: 0, maximum: 1 });
    expect(schema.properties.arms.items.properties.plannedN).toMatchObject({ maximum: 5000 });
  });
  test("the timeline shows the blinding setup, the unblinding and each open-label session with its arms and dose", () => {
    const text = formatTimeline(parseProtocol(presetInput("mp12")));
    expect(text).toContain('Blinding: the control arm [mdma-40] receives a low dose of MDMA (low-dose-mdma); outcomes rated by independent raters who never attend the sessions; allocation revealed after "primary" (day 77)');
    expect(text).toContain("Guesses of allocation: participants at the end of the blinded phase, therapists at the end of the blinded phase, raters at the primary assessment");
    expect(text).toMatch(/ {3}77 {3}11\.0 {2}Allocation revealed \(after assessment "primary"\)/);
    expect(text).toContain("Open-label drug session 3 (crossover) (8 h): mdma-40 125 mg + 62.5 mg at 1.5-2.5 h");
    expect(text).toContain("Open-label drug session 1 (extra-session) (8 h): mdma-125, mdma-100 125 mg + 62.5 mg at 1.5-2.5 h");
  });
  test("the timeline events name the open-label arms", () => {
    const events = courseTimeline(parseProtocol(presetInput("mp1")));
    const openLabel = events.filter((e) => e.kind === "open-label");
    expect(openLabel.map((e) => [e.day, e.phaseId, e.armIds])).toEqual([[133, "crossover", ["placebo"]], [161, "crossover", ["placebo"]]]);
    expect(events.findIndex((e) => e.kind === "unblinding")).toBeGreaterThan(events.findIndex((e) => e.assessmentId === "primary"));
  });
  test("the active-comparator example validates and shows its comparator", () => {
    const input = JSON.parse(readFileSync(new URL("../../examples/protocols/mp1-active-comparator.json", import.meta.url), "utf8"));
    const p = parseProtocol(input);
    expect(p.blinding.placebo).toBe("active-comparator");
    expect(formatTimeline(p)).toContain("Drug session 1 (8 h): mdma 125 mg + 62.5 mg at 2-2.5 h; methylphenidate methylphenidate 40 mg; overnight stay");
  });
});
