/**
 * Settings of a calibration run: the synthetic likelihood's replicates, the pilot and refinement
 * chains, the posteriors' chains and kernels, and the checks. They are part of what defines a
 * result (a shard carries them; a result is reproduced from its seed, targets and settings).
 */

export interface CalibrationSettings {
  /** Replicate trials per published trial in the synthetic likelihood. */
  readonly replicates: number;
  /** The pilot: adaptive Metropolis chains from dispersed starts; the second half of each (after adapting) gives a normal approximation of the posterior. */
  readonly pilotChains: number;
  readonly pilotIterations: number;
  /** Then as many chains with the mixture kernels on that approximation, whose draws give the approximation the posteriors' chains use. */
  readonly refineIterations: number;
  /** Chains of each posterior (the full one and each leave-one-trial-out one), run with fixed kernels built on that posterior's refined approximation. */
  readonly chains: number;
  /** Iterations, burn-in and thinning of each chain of the full posterior. */
  readonly iterations: number;
  readonly burnIn: number;
  readonly thin: number;
  /** The kernels: share of independence proposals, and the t proposal's degrees of freedom and scale. */
  readonly independenceShare: number;
  readonly proposalDf: number;
  readonly proposalScale: number;
  /** Simulated trials per figure in the fit table and per leave-one-out forecast. */
  readonly checkTrials: number;
  /** The same for each leave-one-trial-out posterior (each with its own refinement round; only forecasts use them). */
  readonly leaveOneOutIterations: number;
  readonly leaveOneOutBurnIn: number;
  readonly leaveOneOutThin: number;
  /** Run the leave-one-trial-out posteriors and their forecasts. */
  readonly leaveOneOut: boolean;
}

/**
 * The shipped calibration's settings (`npm run calibrate`): 4 chains of the full posterior keep
 * 1,000 draws; the run's figures (time, R-hat, ESS) are in BENCHMARKS.md and docs/calibration.md.
 */
export const DEFAULT_SETTINGS: CalibrationSettings = {
  replicates: 100,
  pilotChains: 2,
  pilotIterations: 4000,
  refineIterations: 3000,
  chains: 4,
  iterations: 40_000,
  burnIn: 1000,
  thin: 156,
  leaveOneOutIterations: 15_000,
  leaveOneOutBurnIn: 1000,
  leaveOneOutThin: 56,
  independenceShare: 0.1,
  proposalDf: 5,
  proposalScale: 1.2,
  checkTrials: 1000,
  leaveOneOut: true,
};

/** A short run to try the method (the CLI's --quick): not the shipped calibration. */
export const QUICK_SETTINGS: CalibrationSettings = {
  ...DEFAULT_SETTINGS,
  replicates: 60,
  pilotIterations: 1500,
  refineIterations: 800,
  iterations: 1200,
  burnIn: 200,
  thin: 5,
  leaveOneOutIterations: 600,
  leaveOneOutBurnIn: 100,
  leaveOneOutThin: 5,
  checkTrials: 200,
};
export const DEFAULT_CALIBRATION_SEED = 20261122;
