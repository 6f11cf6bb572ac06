import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
// @ts-expect-error: plain ES module script without type declarations
import { buildTargets, renderTargets, CSV_PATH, JSON_PATH, ATTRIBUTION } from "../scripts/build-seeds.mjs";
import { phase2Targets, parseTargets, type TargetSet } from "../src/calibration/targets.js";
import { preset, isPresetId, ValidationError } from "../src/engine.js";

describe("seeds/phase2-targets.json", () => {
  test("is exactly what scripts/build-seeds.mjs builds from the Metapsy extract", () => {
    expect(readFileSync(JSON_PATH, "utf8")).toBe(renderTargets(buildTargets(readFileSync(CSV_PATH, "utf8"))));
  });

  test("validates and carries the ODC-By attribution", () => {
    const t = phase2Targets();
    expect(t.attribution).toBe("Metapsy project, data-ptsd-mdmactr, https://github.com/metapsy-project/data-ptsd-mdmactr, ODC-By 1.0");
    expect(ATTRIBUTION).toBe(t.attribution);
    expect(t.license).toBe("ODC-By-1.0");
    expect(readFileSync(new URL("../seeds/README.md", import.meta.url), "utf8")).toContain(t.attribution);
  });

  // Figures typed in from FACTS.md (tables A2, A4, A5), an independent transcription of the papers.
  test("agrees with the figures in FACTS.md", () => {
    const t = phase2Targets();
    const find = (trial: string, tp: string, arm: string, measure: string) =>
      t.trials.find((x) => x.id === trial)!.outcomes.find((o) => o.timepoint === tp && o.arm === arm && o.measure === measure);
    expect(find("mp1", "post-s2", "mdma", "response")).toMatchObject({ events: 10, n: 12 });
    expect(find("mp1", "post-s2", "placebo", "response")).toMatchObject({ events: 2, n: 8 });
    expect(find("mp1", "primary", "mdma", "endpoint")).toMatchObject({ mean: 25.5, n: 12 });
    expect(find("mp1", "primary", "placebo", "endpoint")).toMatchObject({ mean: 59.1, n: 8 });
    expect(find("mp2", "primary", "mdma-125", "change")).toMatchObject({ mean: -15.6, sd: 18.1 });
    expect(find("mp2", "primary", "mdma-125", "response")).toMatchObject({ events: 4, n: 8 });
    expect(find("mp8", "primary", "mdma-75", "change")).toMatchObject({ mean: -58.3, sd: 9.8, n: 7 });
    expect(find("mp8", "primary", "mdma-30", "response")).toMatchObject({ events: 2, n: 7 });
    expect(find("mp12", "primary", "mdma-40", "change")).toMatchObject({ mean: -11.5, sd: 21.2, n: 6 });
    expect(find("mp12", "primary", "mdma-125", "response")).toMatchObject({ events: 6, n: 12 });
    const mp12 = t.trials.find((x) => x.id === "mp12")!;
    expect(mp12.arms.find((a) => a.id === "mdma-125")!.baseline).toMatchObject({ n: 13, mean: 93.5, sd: 20 });
    const ltfu = t.followUp.find((f) => f.id === "mp1-ltfu")!;
    expect(ltfu).toMatchObject({ nAssessed: 16, relapses: 2, monthsSinceLastSession: { mean: 45.4, sd: 17.3, min: 17, max: 74 } });
  });

  test("MP-1's SDs are SE x sqrt(n), as the paper reported SEs", () => {
    const mp1 = phase2Targets().trials.find((x) => x.id === "mp1")!;
    // FACTS.md: baseline SE 6.6 (MDMA, n = 12) and 8.1 (placebo, n = 8); 2-month SE 7.7 and 9.4.
    const base = Object.fromEntries(mp1.arms.map((a) => [a.id, a.baseline]));
    expect(base.mdma!.sd / Math.sqrt(12)).toBeCloseTo(6.6, 1);
    expect(base.placebo!.sd / Math.sqrt(8)).toBeCloseTo(8.1, 1);
    for (const a of mp1.arms) expect(a.baseline.sdFromSe).toBe(true);
  });

  test("baseline minus change equals the endpoint mean wherever both are reported, except the flagged MP-2 record", () => {
    const t: TargetSet = phase2Targets();
    const mismatches: string[] = [];
    for (const trial of t.trials) {
      for (const change of trial.outcomes.filter((o) => o.measure === "change")) {
        const end = trial.outcomes.find((o) => o.measure === "endpoint" && o.arm === change.arm && o.timepoint === change.timepoint);
        const arm = trial.arms.find((a) => a.id === change.arm)!;
        if (!end || end.measure !== "endpoint" || change.measure !== "change" || arm.baseline.n !== change.n) continue;
        if (Math.abs(arm.baseline.mean + change.mean - end.mean) > 0.15) mismatches.push(`${trial.id}/${change.arm}/${change.timepoint}`);
      }
    }
    expect(mismatches).toEqual(["mp2/active-placebo-25/primary"]);
    const flagged = t.trials.find((x) => x.id === "mp2")!.outcomes.filter((o) => o.arm === "active-placebo-25" && o.timepoint === "primary" && o.note);
    expect(flagged.map((o) => o.measure).sort()).toEqual(["change", "endpoint"]);
  });

  test("every trial, arm and time point maps onto its preset protocol", () => {
    for (const trial of phase2Targets().trials) {
      expect(isPresetId(trial.presetId)).toBe(true);
      const p = preset(trial.presetId as "mp1");
      expect(trial.arms.map((a) => a.id).sort()).toEqual(p.arms.map((a) => a.id).sort());
      for (const a of trial.arms) {
        const pa = p.arms.find((x) => x.id === a.id)!;
        expect([pa.sessions[0]!.initialMg, pa.sessions[0]!.supplemental?.mg ?? 0]).toEqual([a.initialMg, a.supplementalMg]);
      }
      const assessmentIds = new Set(p.schedule.assessments.map((a) => a.id));
      for (const tp of trial.timepoints) expect(assessmentIds.has(tp.id), `${trial.id}/${tp.id}`).toBe(true);
      expect(p.endpoints.scale).toBe(trial.scale);
    }
  });

  test("no Phase 3 outcomes in the shipped targets", () => {
    const text = readFileSync(JSON_PATH, "utf8");
    expect(text).not.toMatch(/MAPP|Mitchell|CAPS-5/);
  });

  test("user targets are validated with paths", () => {
    const bad = phase2Targets() as unknown as { trials: { outcomes: Record<string, unknown>[] }[] };
    bad.trials[0]!.outcomes[3]!.events = 40;
    bad.trials[1]!.outcomes[0]!.arm = "nobody";
    let err: unknown;
    try {
      parseTargets(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.path, i.rule])).toEqual([
      ["trials[0].outcomes[3].events", "events-within-n"],
      ["trials[1].outcomes[0].arm", "known-arm"],
    ]);
  });
});
