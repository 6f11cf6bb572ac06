/**
 * Power over a grid of sample sizes, and the smallest sample size reaching a target power with
 * the Monte Carlo error taken into account.
 */
import { parseProtocol } from "../protocol/parse.js";
import { ValidationError } from "../errors.js";
import type { ProportionEstimate } from "../analysis/intervals.js";
import { designWithNPerArm, type ProtocolRunSpec, type TrialsRun } from "./api.js";
import type { RunOptions } from "./engine.js";

/** Runs one spec (on this thread, or on workers from mdma-trial-sim/node). */
export type Runner = (spec: ProtocolRunSpec, options: RunOptions) => Promise<TrialsRun>;

export interface PowerPoint {
  /** Participants per arm (equal allocation; otherwise total = n × arms, split by weight). */
  readonly nPerArm: number;
  readonly totalN: number;
  readonly power: ProportionEstimate;
  readonly provenanceSeed: ProtocolRunSpec["seed"];
}

function powerAt(run: TrialsRun, nPerArm: number, seed: ProtocolRunSpec["seed"]): PowerPoint {
  return { nPerArm, totalN: run.design.totalN, power: run.summary.power, provenanceSeed: seed };
}

/** Power at each n per arm in `grid` (each point a separate run with the same seed). */
export async function powerCurve(runner: Runner, spec: ProtocolRunSpec, grid: readonly number[], options: Omit<RunOptions, "keepRows">): Promise<PowerPoint[]> {
  const protocol = parseProtocol(spec.protocol);
  const bad = grid.filter((n) => !Number.isSafeInteger(n) || n < 2);
  if (bad.length) throw new ValidationError("power curve", [{ path: "n", rule: "integers-at-least-2", message: "every n per arm must be an integer of at least 2", received: bad }]);
  const out: PowerPoint[] = [];
  for (const n of grid) {
    const run = await runner({ ...spec, design: designWithNPerArm(protocol, spec.design, n) }, { ...options, keepRows: false });
    out.push(powerAt(run, n, spec.seed));
  }
  return out;
}

export interface SampleSizeResult {
  readonly targetPower: number;
  /**
   * Smallest n per arm whose power's lower Wilson bound reaches the target: with 97.5%
   * confidence in the Monte Carlo sense, that n has at least the target power.
   */
  readonly nPerArm: number | null;
  /** Smallest n per arm whose point estimate reaches the target (less conservative). */
  readonly nPerArmPointEstimate: number | null;
  /** Every size evaluated, in the order tried. */
  readonly evaluations: readonly PowerPoint[];
  readonly trialsPerPoint: number;
}

/**
 * Search n per arm between nMin and nMax: double until the target is reached with confidence,
 * then bisect. Every evaluation uses the same seed (common random numbers), which keeps the
 * estimated power close to monotone in n.
 */
export async function sampleSizeSearch(
  runner: Runner,
  spec: ProtocolRunSpec,
  { targetPower, nMin = 2, nMax = 2000, ...options }: Omit<RunOptions, "keepRows"> & { targetPower: number; nMin?: number; nMax?: number },
): Promise<SampleSizeResult> {
  if (!(targetPower > 0 && targetPower < 1)) throw new ValidationError("sample-size search", [{ path: "targetPower", rule: "probability", message: "must lie strictly between 0 and 1", received: targetPower }]);
  const protocol = parseProtocol(spec.protocol);
  const cache = new Map<number, PowerPoint>();
  const evaluations: PowerPoint[] = [];
  const at = async (n: number) => {
    let p = cache.get(n);
    if (!p) {
      const run = await runner({ ...spec, design: designWithNPerArm(protocol, spec.design, n) }, { ...options, keepRows: false });
      p = powerAt(run, n, spec.seed);
      cache.set(n, p);
      evaluations.push(p);
    }
    return p;
  };
  const confidentlyReached = (p: PowerPoint) => p.power.ci[0] >= targetPower;
  // Doubling phase.
  let lo = nMin;
  let hi = nMin;
  while (!confidentlyReached(await at(hi))) {
    lo = hi;
    if (hi >= nMax) return { targetPower, nPerArm: null, nPerArmPointEstimate: pointEstimate(), evaluations, trialsPerPoint: options.trials };
    hi = Math.min(nMax, hi * 2);
  }
  // Bisection on integers: lo is not confidently reached (or is nMin), hi is.
  if (lo === hi) return { targetPower, nPerArm: hi, nPerArmPointEstimate: pointEstimate(), evaluations, trialsPerPoint: options.trials };
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (confidentlyReached(await at(mid))) hi = mid;
    else lo = mid;
  }
  return { targetPower, nPerArm: hi, nPerArmPointEstimate: pointEstimate(), evaluations, trialsPerPoint: options.trials };

  function pointEstimate(): number | null {
    const reached = [...cache.values()].filter((p) => p.power.estimate >= targetPower).map((p) => p.nPerArm);
    return reached.length ? Math.min(...reached) : null;
  }
}
