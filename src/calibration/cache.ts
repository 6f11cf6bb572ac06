/**
 * Common random numbers for the calibration. For each published trial, K replicate trials of
 * its design are simulated once with the reference (non-efficacy) parameters: who is enrolled,
 * their baselines, allocations, PK exposures per session (including supplemental doses a
 * monitoring rule withheld), dropouts, and the standard normal draws behind responsiveness and
 * assessment error. None of these depend on the efficacy parameters, so any efficacy parameters
 * can then be applied to the same replicates in microseconds, with the model's own equations
 * (outcomes/efficacy.ts), and give exactly what the full simulator gives.
 */
import type { Parameters } from "../params/table.js";
import type { Protocol } from "../protocol/schema.js";
import { childSeed, createRoot, stream, type Seed } from "../random/rng.js";
import { standardNormal } from "../random/samplers.js";
import { populationModel } from "../participants/participant.js";
import { resolveDesign } from "../trial/design.js";
import { simulateOneTrial } from "../trial/simulate.js";

export interface CachedParticipant {
  readonly arm: number;
  readonly baseline: number;
  /** The standard normal behind responsiveness (responsivenessLog = σ_b · z). */
  readonly zResponsiveness: number;
  /** Days and AUCs of the drug sessions given. */
  readonly sessionDays: Float64Array;
  readonly aucs: Float64Array;
  /** Scratch space for the drug-effect fractions of the sessions (rewritten at every evaluation). */
  readonly fractions: Float64Array;
  /** Per post-baseline visit (protocol order by day): assessment-error draw and whether observed. */
  readonly zError: Float64Array;
  readonly observed: Uint8Array;
}

export interface CachedTrial {
  readonly protocol: Protocol;
  readonly armIds: readonly string[];
  /** Post-baseline visits in day order. */
  readonly visits: readonly { readonly id: string; readonly day: number }[];
  readonly replicates: readonly (readonly CachedParticipant[])[];
}

/** The seed of the replicate trials of one published design: a run with this seed simulates the same trials. */
export function replicatesSeed(seed: Seed, protocolId: string): Seed {
  return childSeed(seed, "calibration", "replicates", protocolId);
}

/**
 * Simulate `replicates` trials of `protocol` (its planned arm sizes) with the reference
 * parameters `reference`, seeded from `seed` and the trial's id.
 */
export function cacheTrial(protocol: Protocol, reference: Parameters, seed: Seed, replicates: number): CachedTrial {
  const root = createRoot(replicatesSeed(seed, protocol.id));
  const design = resolveDesign(protocol, { detail: "efficacy" });
  const ctx = { root, protocol, design, population: populationModel(protocol), paramsFor: () => ({ params: reference }) };
  const visits = [...protocol.schedule.assessments].filter((a) => a.kind !== "baseline").sort((a, b) => a.day - b.day).map((a) => ({ id: a.id, day: a.day }));
  const out: CachedParticipant[][] = [];
  for (let k = 0; k < replicates; k++) {
    const { courses } = simulateOneTrial(ctx, k);
    out.push(
      courses.map((c) => {
        const i = c.participant.index;
        const zResponsiveness = standardNormal(stream(root, ["trial", k, "participant", i, "responsiveness"]));
        const noise = stream(root, ["trial", k, "participant", i, "assessment-error"]);
        const zError = new Float64Array(visits.length);
        for (let v = 0; v < visits.length; v++) zError[v] = standardNormal(noise);
        const observed = Uint8Array.from(visits.map((v) => (c.assessments.find((a) => a.id === v.id)!.score === null ? 0 : 1)));
        return {
          arm: design.armIds.indexOf(c.armId),
          baseline: c.participant.baselineScore,
          zResponsiveness,
          sessionDays: Float64Array.from(c.sessions.map((s) => s.day)),
          aucs: Float64Array.from(c.sessions.map((s) => s.aucNgHPerMl)),
          fractions: new Float64Array(c.sessions.length),
          zError,
          observed,
        };
      }),
    );
  }
  return { protocol, armIds: design.armIds, visits, replicates: out };
}
