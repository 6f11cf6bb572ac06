import { describe, expect, test } from "vitest";
import fixture from "../fixtures/distributions.json";
import { truncatedMoments, enrolledBaselineDistribution } from "../../src/participants/baseline.js";
import { populationModel, sampleParticipant } from "../../src/participants/participant.js";
import { defaultParameters } from "../../src/params/defaults.js";
import { resolveParameters } from "../../src/params/resolve.js";
import { createRoot, preset, presetInput, parseProtocol, ValidationError } from "../../src/engine.js";
import { moments } from "../helpers/stats.js";

const params = defaultParameters();
const num = (v: number | string) => (v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : Number(v));

describe("baseline severity", () => {
  test.each(fixture.truncatedNormal)("truncated-normal moments agree with R for N($mean, $sd) on [$lower, $upper]", (c) => {
    const m = truncatedMoments(c.mean, c.sd, num(c.lower), num(c.upper));
    expect(m.mean).toBeCloseTo(c.truncMean, 10);
    expect(m.sd).toBeCloseTo(Math.sqrt(c.truncVar), 10);
  });

  test("the solved distribution has exactly the reported mean and SD once truncated", () => {
    const d = enrolledBaselineDistribution(79.36, 22.27, 49.5, 136.5);
    const m = truncatedMoments(d.mu, d.sigma, 49.5, 136.5);
    expect(m.mean).toBeCloseTo(79.36, 8);
    expect(m.sd).toBeCloseTo(22.27, 8);
  });

  test.each(["mp1", "mp2", "mp8", "mp12", "phase3"] as const)("%s: enrolled baselines have the reported mean and SD and stay on [entry threshold, scale max]", (id) => {
    const protocol = preset(id);
    const pop = populationModel(protocol);
    const root = createRoot(`baseline-${id}`);
    const xs = Array.from({ length: 20_000 }, (_, i) => sampleParticipant(root, protocol, params, pop, 0, i, protocol.arms[0]!.id).baselineScore);
    const m = moments(xs);
    const target = protocol.population.baselineScore;
    expect(Math.abs(m.mean - target.mean)).toBeLessThan(5 * m.seMean);
    expect(Math.abs(Math.sqrt(m.variance) - target.sd)).toBeLessThan(5 * (m.seVariance / (2 * target.sd)) + 0.05);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(protocol.eligibility.minimumBaselineScore);
    expect(Math.max(...xs)).toBeLessThanOrEqual(protocol.endpoints.scale === "CAPS-IV" ? 136 : 80);
    expect(xs.every(Number.isInteger)).toBe(true);
  });

  test("a population no truncated normal can produce is a clear error", () => {
    const p = presetInput("mp2");
    p.population.baselineScore = { mean: 55, sd: 40 };
    expect(() => populationModel(parseProtocol(p))).toThrow(ValidationError);
    expect(() => populationModel(parseProtocol(p))).toThrow(/population.baselineScore.sd: no normal truncated to \[49.5, 136.5\]/);
  });
});

describe("screening", () => {
  const protocol = preset("mp1");
  const pop = populationModel(protocol);
  const root = createRoot("screening");
  const people = Array.from({ length: 5000 }, (_, i) => sampleParticipant(root, protocol, params, pop, 0, i, "mdma"));

  test("screen failures are counted by reason, and the below-threshold share matches its parameter", () => {
    let screened = 0;
    const failures: Record<string, number> = {};
    for (const p of people) {
      screened += p.screening.candidatesScreened;
      for (const [k, v] of Object.entries(p.screening.failures)) failures[k] = (failures[k] ?? 0) + v;
      const fails = Object.values(p.screening.failures).reduce((a, b) => a + b, 0);
      expect(p.screening.candidatesScreened).toBe(fails + 1);
    }
    const q = params["screening.belowThresholdFraction"];
    const share = failures["below-entry-threshold"]! / screened;
    expect(Math.abs(share - q)).toBeLessThan(5 * Math.sqrt((q * (1 - q)) / screened));
    for (const reason of ["cardiovascular-disease", "psychosis", "bipolar-i", "serotonergic-medication-not-taperable", "substance-use-disorder", "pregnancy"]) {
      expect(failures[reason], reason).toBeGreaterThan(0);
    }
  });

  test("an exclusion the protocol does not list never causes a screen failure", () => {
    const p = presetInput("mp1");
    p.eligibility.exclusions = p.eligibility.exclusions.filter((e) => e !== "psychosis");
    const proto = parseProtocol(p);
    const xs = Array.from({ length: 2000 }, (_, i) => sampleParticipant(root, proto, params, populationModel(proto), 1, i, "mdma"));
    expect(xs.every((x) => x.screening.failures.psychosis === undefined)).toBe(true);
  });

  test("sex and age follow the protocol's population", () => {
    const women = people.filter((p) => p.sex === "female").length / people.length;
    expect(Math.abs(women - 0.844)).toBeLessThan(5 * Math.sqrt((0.844 * 0.156) / people.length));
    expect(Math.min(...people.map((p) => p.ageYears))).toBeGreaterThanOrEqual(18);
  });

  test("CYP2D6 phenotypes follow their frequencies", () => {
    const poor = people.filter((p) => p.cyp2d6 === "poor").length / people.length;
    expect(Math.abs(poor - params["cyp2d6.poorFraction"])).toBeLessThan(5 * Math.sqrt((0.07 * 0.93) / people.length));
  });

  test("a protocol nobody can enter is reported, not looped on forever", () => {
    const impossible = resolveParameters({ "screening.belowThresholdFraction": 0.99, "screening.maxCandidates": 10 });
    expect(() => Array.from({ length: 50 }, (_, i) => sampleParticipant(root, protocol, impossible, pop, 9, i, "mdma"))).toThrow(/recruitable|no eligible candidate/);
  });
});
