import { describe, expect, test } from "vitest";
import {
  PRESET_IDS, PRESET_INFO, preset, presetInput, courseTimeline, courseSpan, courseLengthWeeks, doseTotals, formatTimeline,
} from "../../src/engine.js";

// Published designs (FACTS.md §A1, §B): doses per session [initial, supplemental] per arm, and n randomized.
const PUBLISHED: Record<string, { sessions: number; arms: Record<string, { doses: [number, number][]; n: number }> }> = {
  mp1: { sessions: 2, arms: { mdma: { doses: [[125, 62.5], [125, 62.5]], n: 12 }, placebo: { doses: [[0, 0], [0, 0]], n: 8 } } },
  mp2: { sessions: 3, arms: { "mdma-125": { doses: [[125, 62.5], [125, 62.5], [125, 62.5]], n: 8 }, "active-placebo-25": { doses: [[25, 12.5], [25, 12.5], [25, 12.5]], n: 4 } } },
  mp8: { sessions: 2, arms: { "mdma-125": { doses: [[125, 62.5], [125, 62.5]], n: 12 }, "mdma-75": { doses: [[75, 37.5], [75, 37.5]], n: 7 }, "mdma-30": { doses: [[30, 15], [30, 15]], n: 7 } } },
  mp12: { sessions: 2, arms: { "mdma-125": { doses: [[125, 62.5], [125, 62.5]], n: 13 }, "mdma-100": { doses: [[100, 50], [100, 50]], n: 9 }, "mdma-40": { doses: [[40, 20], [40, 20]], n: 6 } } },
  phase3: { sessions: 3, arms: { mdma: { doses: [[80, 40], [120, 60], [120, 60]], n: 46 }, placebo: { doses: [[0, 0], [0, 0], [0, 0]], n: 44 } } },
};

describe("presets", () => {
  test("the six presets the issue names, each with a description", () => {
    expect([...PRESET_IDS]).toEqual(["sessa2016", "mp1", "mp2", "mp8", "mp12", "phase3"]);
    expect(PRESET_INFO.map((p) => p.id)).toEqual([...PRESET_IDS]);
  });

  test.each(Object.entries(PUBLISHED))("%s has the published arms, doses and n", (id, want) => {
    const p = preset(id as (typeof PRESET_IDS)[number]);
    expect(p.schedule.experimental).toHaveLength(want.sessions);
    expect(Object.fromEntries(p.arms.map((a) => [a.id, { doses: a.sessions.map((s) => [s.initialMg, s.supplemental?.mg ?? 0]), n: a.plannedN }]))).toEqual(want.arms);
  });

  test("Phase 2 presets use CAPS-IV with entry >= 50; the Phase 3 design uses CAPS-5 with entry >= 35 and an 18-week endpoint", () => {
    for (const id of ["mp1", "mp2", "mp8", "mp12"] as const) {
      expect(preset(id).endpoints.scale).toBe("CAPS-IV");
      expect(preset(id).eligibility.minimumBaselineScore).toBe(50);
    }
    const p3 = preset("phase3");
    expect(p3.endpoints.scale).toBe("CAPS-5");
    expect(p3.eligibility.minimumBaselineScore).toBe(35);
    const primary = p3.schedule.assessments.find((a) => a.id === p3.endpoints.primaryAssessmentId)!;
    expect(primary.day).toBe(18 * 7);
  });

  test("MP-1's visits fall where the paper puts them: 3-5 days after each session and 2 months after the second", () => {
    const p = preset("mp1");
    const [s1, s2] = p.schedule.experimental.map((s) => s.day);
    const at = (id: string) => p.schedule.assessments.find((a) => a.id === id)!.day;
    expect(at("post-s1") - s1!).toBeGreaterThanOrEqual(3);
    expect(at("post-s1") - s1!).toBeLessThanOrEqual(5);
    expect(at("post-s2") - s2!).toBeGreaterThanOrEqual(3);
    expect(at("post-s2") - s2!).toBeLessThanOrEqual(5);
    expect(at("primary") - s2!).toBeGreaterThanOrEqual(56);
    expect(at("primary") - s2!).toBeLessThanOrEqual(62);
  });

  test.each([...PRESET_IDS])("%s: course of 8-16 weeks, sessions 3-5 weeks apart, supplementals at half the initial dose", (id) => {
    const p = preset(id);
    const weeks = courseLengthWeeks(p);
    expect(weeks).toBeGreaterThanOrEqual(8);
    expect(weeks).toBeLessThanOrEqual(16);
    const days = p.schedule.experimental.map((s) => s.day);
    for (let i = 1; i < days.length; i++) {
      expect(days[i]! - days[i - 1]!).toBeGreaterThanOrEqual(21);
      expect(days[i]! - days[i - 1]!).toBeLessThanOrEqual(35);
    }
    for (const arm of p.arms) for (const s of arm.sessions) if (s.supplemental) expect(s.supplemental.mg).toBe(s.initialMg / 2);
  });

  test.each([...PRESET_IDS])("%s: every provenance note points at a field that exists", (id) => {
    const input = presetInput(id) as unknown as Record<string, unknown>;
    const input2 = presetInput(id);
    expect(input2.provenance!.length).toBeGreaterThan(0);
    for (const note of input2.provenance!) {
      const parts = note.path.match(/[^.[\]]+/g)!;
      let cur: unknown = input;
      for (const part of parts) {
        expect(cur, `${note.path} at ${part}`).toBeTypeOf("object");
        cur = (cur as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
      }
      expect(cur, note.path).not.toBeUndefined();
    }
  });

  test("recalled monitoring thresholds are labelled assumed in every preset", () => {
    for (const id of PRESET_IDS) {
      const notes = presetInput(id).provenance!.filter((n) => n.path === "sessionRules.thresholds");
      expect(notes.map((n) => n.status)).toEqual(["assumed"]);
    }
  });

  test("presets are fresh copies", () => {
    const a = preset("mp1");
    a.arms[0]!.sessions[0]!.initialMg = 1;
    expect(preset("mp1").arms[0]!.sessions[0]!.initialMg).toBe(125);
  });
});

// The assessment ids and days on main before open-label phases were added: calibration targets refer to them.
const ASSESSMENTS_BEFORE: Record<string, [string, number][]> = {
  sessa2016: [["baseline", 0], ["post-s1", 26], ["post-s2", 54], ["post-s3", 82], ["primary", 134], ["fu-12m", 443]],
  mp1: [["baseline", 0], ["post-s1", 28], ["post-s2", 56], ["primary", 112], ["ltfu", 1434]],
  mp2: [["baseline", 0], ["post-s2", 70], ["primary", 98], ["fu-12m", 442]],
  mp8: [["baseline", 0], ["primary", 77], ["fu-12m", 414]],
  mp12: [["baseline", 0], ["primary", 77], ["fu-12m", 414]],
  phase3: [["baseline", 0], ["post-s1", 43], ["post-s2", 71], ["primary", 126]],
};

// FACTS.md §A1 and §A4 (open-label crossovers and their follow-up); "100-125 mg" open-label doses.
const OPEN_LABEL: Record<string, { placebo: string; phases: { arms: string[]; sessions: number }[] }> = {
  mp1: { placebo: "inactive", phases: [{ arms: ["placebo"], sessions: 2 }] },
  mp2: { placebo: "low-dose-mdma", phases: [{ arms: ["active-placebo-25"], sessions: 3 }] },
  mp8: { placebo: "low-dose-mdma", phases: [{ arms: ["mdma-75", "mdma-30"], sessions: 3 }, { arms: ["mdma-125"], sessions: 1 }] },
  mp12: { placebo: "low-dose-mdma", phases: [{ arms: ["mdma-40"], sessions: 3 }, { arms: ["mdma-125", "mdma-100"], sessions: 1 }] },
  phase3: { placebo: "inactive", phases: [] },
};

describe("blinding and open-label phases", () => {
  test.each(Object.entries(ASSESSMENTS_BEFORE))("%s keeps every existing assessment id and day", (id, before) => {
    const days = new Map(preset(id as (typeof PRESET_IDS)[number]).schedule.assessments.map((a) => [a.id, a.day]));
    for (const [aid, day] of before) expect(days.get(aid), aid).toBe(day);
  });
  test.each(Object.entries(OPEN_LABEL))("%s: the placebo kind and the open-label phases, arms and session counts", (id, want) => {
    const p = preset(id as (typeof PRESET_IDS)[number]);
    expect(p.blinding.placebo).toBe(want.placebo);
    expect(p.blinding.outcomeRater).toBe("independent");
    expect(p.blinding.unblindAfterAssessmentId).toBe("primary");
    expect(p.openLabel.map((ph) => ({ arms: ph.arms, sessions: ph.sessions.length }))).toEqual(want.phases);
    for (const ph of p.openLabel) {
      for (const s of ph.sessions) {
        expect(s.initialMg).toBeGreaterThanOrEqual(100);
        expect(s.initialMg).toBeLessThanOrEqual(125);
        expect(s.supplemental?.mg).toBe(s.initialMg / 2);
      }
    }
  });
  test.each(["mp8", "mp12"] as const)("%s has a follow-up 12 months after the last open-label MDMA session", (id) => {
    const p = preset(id);
    const last = Math.max(...p.openLabel.flatMap((ph) => ph.sessions.map((s) => s.day)));
    expect(p.schedule.assessments.find((a) => a.kind === "follow-up" && a.day === last + 365)).toBeDefined();
  });
  test("MP-1's long-term follow-up is a mean 45.4 months after the MDMA arm's last session", () => {
    const p = preset("mp1");
    const ltfu = p.schedule.assessments.find((a) => a.id === "ltfu")!;
    expect((ltfu.day - p.schedule.experimental[1]!.day) / (365.25 / 12)).toBeCloseTo(45.4, 1);
  });
  test("figures the sources do not give are labelled assumed", () => {
    for (const id of ["mp1", "mp2", "mp8", "mp12"] as const) {
      const status = (path: string) => presetInput(id).provenance!.find((n) => n.path === path)?.status;
      expect(status("blinding.guesses"), id).toBe("assumed");
      expect(status("openLabel[0].sessions"), id).toBe("assumed");
      expect(status("openLabel[0].arms"), id).toBe("published");
    }
  });
});

describe("helpers", () => {
  test("dose totals per session and per course", () => {
    const totals = doseTotals(preset("phase3"));
    const mdma = totals.find((t) => t.armId === "mdma")!;
    expect(mdma.sessions.map((s) => s.maxMg)).toEqual([120, 180, 180]);
    expect(mdma.courseMinMg).toBe(320);
    expect(mdma.courseMaxMg).toBe(480);
    const mp1 = doseTotals(preset("mp1"));
    expect(mp1.map((t) => [t.armId, t.courseMinMg, t.courseMaxMg])).toEqual([["mdma", 250, 375], ["placebo", 0, 0]]);
  });
  test("course span and timeline", () => {
    const p = preset("mp1");
    expect(courseSpan(p)).toEqual({ startDay: 3, endDay: 73, weeks: 10 });
    const events = courseTimeline(p);
    expect(events[0]).toMatchObject({ day: 0, kind: "assessment", assessmentKind: "baseline" });
    for (let i = 1; i < events.length; i++) expect(events[i]!.day).toBeGreaterThanOrEqual(events[i - 1]!.day);
    expect(events.filter((e) => e.kind === "experimental")).toHaveLength(2);
    expect(events.filter((e) => e.kind === "preparatory").every((e) => e.durationMin === 90)).toBe(true);
  });
  test("the readable timeline names every session, dose and rule", () => {
    const text = formatTimeline(preset("mp8"));
    expect(text).toContain("Drug session 2 (8 h): mdma-125 125 mg + 62.5 mg at 1.5-2.5 h; mdma-75 75 mg + 37.5 mg at 1.5-2.5 h; mdma-30 30 mg + 15 mg at 1.5-2.5 h; overnight stay");
    expect(text).toContain("Course of therapy: 9.9 weeks (day 1 to day 70); primary endpoint on CAPS-IV at day 77 (week 11.0)");
    expect(text).toContain("rule sbp-160: systolicMmHg above 160 -> withhold-supplemental, repeat-reading (repeat after 15 min)");
  });
});
