import { describe, expect, test } from "vitest";
import { simulateSession, type SessionOutcome } from "../../src/session/simulate.js";
import { simulateVitals, makePkPdRhs } from "../../src/vitals/model.js";
import { PkSystem } from "../../src/pk/model.js";
import { typicalPk } from "../../src/pk/individual.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { resolveParameters } from "../../src/params/resolve.js";
import { preset } from "../../src/protocol/presets.js";
import type { SessionRules } from "../../src/protocol/schema.js";
import { volunteer, createRoot, BASEL_READINGS } from "../helpers/participants.js";

const params = defaultParameters();

describe("shares exceeding the safety-pharmacology thresholds (Vizeli & Liechti 2017, n = 166)", () => {
  const N = 4000;
  const root = createRoot("vizeli");
  const share = (dose: number) => {
    const over = { sbp: 0, hr: 0, temp: 0 };
    for (let i = 0; i < N; i++) {
      const p = volunteer(root, params, i);
      const s = simulateSession(root, p, { index: 0, day: 0, durationH: 8, initialMg: dose }, BASEL_READINGS, params, { detail: "full", initialEnzyme: 1 });
      const after = s.readings.filter((r) => r.timeH > 0);
      if (after.some((r) => (r.systolicMmHg ?? 0) > 160)) over.sbp++;
      if (after.some((r) => (r.heartRateBpm ?? 0) > 100)) over.hr++;
      if (after.some((r) => (r.temperatureC ?? 0) > 38.0)) over.temp++;
    }
    return { sbp: over.sbp / N, hr: over.hr / N, temp: over.temp / N };
  };
  const d75 = share(75);
  const d125 = share(125);
  const pooled = { sbp: (d75.sbp + d125.sbp) / 2, hr: (d75.hr + d125.hr) / 2, temp: (d75.temp + d125.temp) / 2 };

  test("pooled over 75 and 125 mg (equal mix): within 8 points of 33%, 29% and 19%", () => {
    expect(Math.abs(pooled.sbp - 0.33)).toBeLessThan(0.08);
    expect(Math.abs(pooled.hr - 0.29)).toBeLessThan(0.08);
    expect(Math.abs(pooled.temp - 0.19)).toBeLessThan(0.08);
  });
  test("each share is higher at 125 mg than at 75 mg (by more than 4 SE of the difference)", () => {
    for (const k of ["sbp", "hr", "temp"] as const) {
      const se = Math.sqrt((d75[k] * (1 - d75[k]) + d125[k] * (1 - d125[k])) / N);
      expect(d125[k] - d75[k], k).toBeGreaterThan(4 * se);
    }
  });
});

describe("time course of the typical participant at 125 mg", () => {
  const v = volunteer(createRoot("typical"), params, 0).vitals;
  const typical = {
    ...v,
    baseline: { systolicMmHg: 0, diastolicMmHg: 0, heartRateBpm: 0, temperatureC: 0 },
    emax: { systolicMmHg: params["vitals.bp.emaxSystolicMmHg"], diastolicMmHg: params["vitals.bp.emaxDiastolicMmHg"], heartRateBpm: params["vitals.hr.emaxBpm"], temperatureC: params["vitals.temperature.emaxC"] },
  };
  const times = Array.from({ length: 241 }, (_, i) => i * 0.05);
  const trace = simulateVitals(typicalPk(params), typical, [{ timeH: 0, mg: 125 }], times);
  test.each(["systolicMmHg", "heartRateBpm"] as const)("%s peaks between 1 and 2 h and is back near baseline (under a quarter of the peak) by 6 h", (m) => {
    const values = trace.map((x) => x[m]);
    const peak = Math.max(...values);
    const tPeak = times[values.indexOf(peak)]!;
    expect(tPeak).toBeGreaterThanOrEqual(1);
    expect(tPeak).toBeLessThanOrEqual(2);
    expect(values[120]! / peak).toBeLessThan(0.25);
  });
  test("temperature peaks by 3 h and has mostly subsided by 6 h", () => {
    const values = trace.map((x) => x.temperatureC);
    const peak = Math.max(...values);
    expect(times[values.indexOf(peak)]!).toBeLessThanOrEqual(3);
    expect(values[120]! / peak).toBeLessThan(0.35);
  });
  test("effects subside while the concentration stays high (acute tolerance)", () => {
    const conc = [typicalPk(params)].map(() => 0);
    expect(conc).toHaveLength(1);
    const at = (h: number) => trace[Math.round(h / 0.05)]!.systolicMmHg;
    expect(at(6)).toBeLessThan(0.3 * at(1.5));
  });
});

describe("monitoring rules act on readings", () => {
  const mp1 = preset("mp1");
  const root = createRoot("rules");
  const plan = { index: 0, day: 24, durationH: 8, initialMg: 125, supplemental: { mg: 62.5, offeredAtH: { earliest: 2, latest: 2.5 } } };
  const run = (rules: SessionRules, i: number, detail: "full" | "efficacy" = "full") => simulateSession(root, volunteer(root, params, i), plan, rules, params, { detail, initialEnzyme: 1 });

  test("a low systolic threshold withholds the supplemental dose for most participants, and the events say why", () => {
    const rules: SessionRules = { ...mp1.sessionRules, thresholds: [{ id: "sbp-low", measure: "systolicMmHg", above: 130, reference: "absolute", actions: ["withhold-supplemental"] }] };
    const sessions = Array.from({ length: 400 }, (_, i) => run(rules, i));
    const withheld = sessions.filter((s) => s.doses.some((d) => d.kind === "supplemental" && d.notGivenBecause === "withheld"));
    expect(withheld.length / sessions.length).toBeGreaterThan(0.5);
    for (const s of withheld) {
      const e = s.events.find((x) => x.type === "supplemental-withheld")!;
      expect(e).toMatchObject({ type: "supplemental-withheld", thresholdId: "sbp-low", measure: "systolicMmHg" });
      if (e.type !== "supplemental-withheld") throw new Error("unreachable");
      expect(e.value).toBeGreaterThan(e.limit);
      const offer = s.doses.find((d) => d.kind === "supplemental")!.timeH;
      expect(e.readingTimeH).toBeLessThanOrEqual(offer);
      // The reading that withheld it is in the readings list.
      expect(s.readings.some((r) => r.timeH === e.readingTimeH && r.systolicMmHg === e.value)).toBe(true);
    }
    // Raising the threshold withholds less often; with no rule only declining remains.
    const withheldShare = (above: number) =>
      Array.from({ length: 400 }, (_, i) => run({ ...rules, thresholds: [{ ...rules.thresholds[0]!, above }] }, i)).filter((s) => s.doses.some((d) => d.notGivenBecause === "withheld")).length / 400;
    expect(withheldShare(160)).toBeLessThan(withheld.length / sessions.length);
    expect(withheldShare(200)).toBeLessThan(withheldShare(160));
  });

  test("readings happen only at scheduled times and at the repeats and extensions the rules asked for", () => {
    const scheduled = new Set([...mp1.sessionRules.vitals.bloodPressureAndHeartRateH, ...mp1.sessionRules.vitals.temperatureH]);
    let repeats = 0;
    for (let i = 0; i < 300; i++) {
      const s = run(mp1.sessionRules, i);
      const asked = new Set(s.events.flatMap((e) => (e.type === "repeat-reading-scheduled" || e.type === "monitoring-extended" ? [`${e.kind}@${e.atH}`] : [])));
      for (const r of s.readings) {
        if (r.cause === "scheduled") expect(scheduled.has(r.timeH)).toBe(true);
        else {
          repeats++;
          expect(asked.has(`${r.kind}@${r.timeH}`)).toBe(true);
        }
      }
      for (let k = 1; k < s.readings.length; k++) expect(s.readings[k]!.timeH).toBeGreaterThanOrEqual(s.readings[k - 1]!.timeH);
      for (let k = 1; k < s.events.length; k++) expect(s.events[k]!.timeH).toBeGreaterThanOrEqual(s.events[k - 1]!.timeH);
    }
    expect(repeats).toBeGreaterThan(0);
  });

  test("a peak between readings can be missed", () => {
    const sparse: SessionRules = { ...mp1.sessionRules, vitals: { bloodPressureAndHeartRateH: [0, 4, 8], temperatureH: [0, 8] } };
    let missed = 0;
    for (let i = 0; i < 300; i++) {
      const s = run(sparse, i);
      const truePeak = Math.max(...(s.samples ?? []).map((x) => x.systolicMmHg));
      const seenPeak = Math.max(...s.readings.map((r) => r.systolicMmHg ?? 0));
      if (truePeak > 160 && seenPeak <= 160) missed++;
    }
    expect(missed).toBeGreaterThan(0);
  });

  test("an intervention lowers the rise from then on", () => {
    const rules: SessionRules = { ...mp1.sessionRules, thresholds: [{ id: "sbp-treat", measure: "systolicMmHg", above: 140, reference: "absolute", actions: ["intervention"] }] };
    let checked = 0;
    for (let i = 0; i < 200 && checked < 20; i++) {
      const withRule = run(rules, i);
      const e = withRule.events.find((x) => x.type === "intervention");
      if (!e) continue;
      const without = run({ ...rules, thresholds: [] }, i);
      const after = (s: SessionOutcome) => s.samples!.filter((x) => x.timeH > e.timeH + 0.5 && x.timeH < 4);
      const a = after(withRule);
      const b = after(without);
      if (a.length === 0 || b.length !== a.length) continue;
      for (let k = 0; k < a.length; k++) expect(a[k]!.systolicMmHg).toBeLessThanOrEqual(b[k]!.systolicMmHg + 1e-9);
      expect(a.some((x, k) => x.systolicMmHg < b[k]!.systolicMmHg - 1)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  test("monitoring goes on past the planned end while a reading is over a threshold, up to the limit", () => {
    const hyper = resolveParameters({ "vitals.baseline.systolicMeanMmHg": 175, "vitals.baseline.systolicSdMmHg": 1 });
    const s = simulateSession(root, volunteer(root, hyper, 1), plan, mp1.sessionRules, hyper, { detail: "full", initialEnzyme: 1 });
    const end = s.events.find((e) => e.type === "monitoring-ended")!;
    expect(end).toMatchObject({ aboveThreshold: true, plannedEndH: 8 });
    expect(s.monitoringEndH).toBeCloseTo(8 + hyper["session.maxExtensionH"], 9);
    expect(s.readings.filter((r) => r.timeH > 8 && r.cause !== "scheduled").length).toBeGreaterThan(0);
    expect(s.doses.find((d) => d.kind === "supplemental")).toMatchObject({ given: false, notGivenBecause: "withheld" });
    // Without the rule, monitoring ends on time.
    const noExtension = simulateSession(root, volunteer(root, hyper, 1), plan, { ...mp1.sessionRules, monitorUntilBelowThresholds: false }, hyper, { detail: "full", initialEnzyme: 1 });
    expect(noExtension.monitoringEndH).toBe(8);
  });

  test("efficacy detail makes the same supplemental decision and exposure as full detail, bit for bit", () => {
    for (let i = 0; i < 200; i++) {
      const full = run(mp1.sessionRules, i, "full");
      const fast = run(mp1.sessionRules, i, "efficacy");
      expect(fast.doses).toEqual(full.doses);
      expect(fast.aucNgHPerMl).toBe(full.aucNgHPerMl);
      expect(fast.enzymeAtHorizon).toBe(full.enzymeAtHorizon);
      expect(fast.readings).toEqual(full.readings.slice(0, fast.readings.length));
    }
  });
});

describe("the joint PK + vitals right-hand side", () => {
  test("is PkSystem's for the PK states and ke0·(C − Ce), kt·(Ce/(EC50 + Ce) − Tol) for each group", () => {
    const root = createRoot("pkpd-rhs");
    for (let i = 0; i < 50; i++) {
      const person = volunteer(root, params, i);
      const pk = new PkSystem(person.pk);
      pk.addDose(0, 125);
      pk.addDose(2.2, 62.5);
      const rhs = makePkPdRhs(pk, person.vitals);
      const y = Float64Array.from([40 + i, 0.3 + i / 100, 900, 50 + i, 0.2, 60, 0.1, 30 + i, 0.05]);
      const t = 0.1 * i;
      const out = new Float64Array(9);
      rhs(t, y, out);
      const pkOut = new Float64Array(3);
      pk.rhs(t, y, pkOut);
      expect(Array.from(out.slice(0, 3))).toEqual(Array.from(pkOut));
      const c = (1000 * y[0]!) / person.pk.volumeL;
      [person.vitals.bp, person.vitals.hr, person.vitals.temperature].forEach((g, k) => {
        const ce = y[3 + 2 * k]!;
        expect(out[3 + 2 * k]).toBeCloseTo(g.ke0PerH * (c - ce), 10);
        expect(out[4 + 2 * k]).toBeCloseTo(g.tolerancePerH * (ce / (g.ec50NgPerMl + ce) - y[4 + 2 * k]!), 12);
      });
    }
  });
});
