/**
 * Allocation of participants to arms, from the stream ["trial", t, "randomization"].
 * Baselines are known before randomization (they are measured at screening), which is what
 * stratification uses.
 */
import type { Rng } from "../random/rng.js";
import { categorical, shuffleInPlace } from "../random/samplers.js";
import type { ResolvedDesign } from "./design.js";

/** Arm index (into design.armIds) for each participant, in enrolment order. */
export function allocate(rng: Rng, design: ResolvedDesign, weights: readonly number[], baselines: readonly number[]): number[] {
  const n = design.totalN;
  switch (design.randomization.method) {
    case "fixed": {
      const list: number[] = [];
      design.armIds.forEach((id, i) => {
        for (let j = 0; j < design.armSizes[id]!; j++) list.push(i);
      });
      return shuffleInPlace(rng, list);
    }
    case "simple": {
      const pick = categorical(weights);
      return Array.from({ length: n }, () => pick(rng));
    }
    case "blocked":
      return blocks(rng, design, n);
    case "stratified-blocked": {
      const cut = design.resolvedStrata;
      const stratumOf = (b: number) => {
        let s = 0;
        while (s < cut.length && b >= cut[s]!) s++;
        return s;
      };
      // One block sequence per stratum, consumed in enrolment order.
      const sequences: number[][] = Array.from({ length: cut.length + 1 }, () => []);
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = stratumOf(baselines[i]!);
        if (sequences[s]!.length === 0) sequences[s] = blocks(rng, design, design.resolvedBlockSize);
        out.push(sequences[s]!.shift()!);
      }
      return out;
    }
  }
}

function blocks(rng: Rng, design: ResolvedDesign, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const block: number[] = [];
    design.blockComposition.forEach((count, arm) => {
      for (let j = 0; j < count; j++) block.push(arm);
    });
    shuffleInPlace(rng, block);
    for (const a of block) if (out.length < n) out.push(a);
  }
  return out;
}
