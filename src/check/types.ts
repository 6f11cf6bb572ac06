/** The shapes a published-result check returns: rows with a status, and the report that holds them. */
import type { Seed } from "../random/rng.js";
import type { Progress } from "../trial/engine.js";
import type { Runner } from "../trial/power-search.js";
import type { DesignAnalysis } from "./design-analysis.js";

export type CheckStatus = "pass" | "warn" | "fail" | "skipped";

/** The value of a row's number, text or flag; null when it cannot be computed (the row's nullReasons say why). */
export type CheckValue = number | string | boolean | null;

export interface CheckRow {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly values?: Readonly<Record<string, CheckValue>>;
  /** Why a value is null, by value name. */
  readonly nullReasons?: Readonly<Record<string, string>>;
  /** A curve behind the row (a sensitivity analysis), for charts. */
  readonly curve?: { readonly x: string; readonly y: string; readonly points: readonly { readonly x: number; readonly y: number }[] };
}

export interface SimulationComparison {
  readonly preset: string;
  readonly timepoint: string;
  readonly trials: number;
  readonly seed: Seed;
  /** Trials each run completed: `trials` unless the check was interrupted (then the rows use these). */
  readonly trialsCompleted: { readonly forecast: number; readonly point: number };
  readonly comparison: string;
  /** The published standardized effect (Hedges' g, treated − control) and its percentile among simulated trials. */
  readonly publishedG: number;
  /** Null when no simulated trial had a standardized difference (every simulated arm emptied by dropout). */
  readonly percentile: number | null;
  /** Type-7 quantiles of the simulated trials' g (forecast); null as percentile is. */
  readonly simulatedG: { readonly p05: number; readonly p50: number; readonly p95: number } | null;
  /** Power at the published n with the calibration's point estimate, and assurance over its uncertainty. */
  readonly power: number | null;
  readonly assurance: number | null;
  /** Share of simulated trials (forecast) with a Welch p-value at or below the reported one (null when no p was reported). */
  readonly pAtMostReported: number | null;
}

/** Which true effect a design analysis assumes: one stated in the file, the typical trial's, or the forecast distribution's. */
export type DesignAnalysisBasis = "assumed-effect" | "typical-trial" | "forecast";

export interface ReportedDesignAnalysis extends DesignAnalysis {
  readonly basis: DesignAnalysisBasis;
  /** Where the true effect comes from, in words. */
  readonly source: string;
  /** What the effect measures, with its unit. */
  readonly metric: string;
}

export interface ForecastDesignAnalysis extends ReportedDesignAnalysis {
  readonly basis: "forecast";
  /** Forecast trials whose true differences were averaged over. */
  readonly trials: number;
  /** Type-7 quantiles of the forecast's true differences. */
  readonly trueEffectQuantiles: { readonly p05: number; readonly p50: number; readonly p95: number };
}

/**
 * What checkPublished returns: one row per check with its status (pass, warn, fail or skipped),
 * the design analyses (power, Type S and Type M), the comparison with simulated trials of the
 * design when there was one, whether the simulation was interrupted, and the disclaimer.
 */
export interface CheckReport {
  readonly id: string;
  readonly title?: string;
  readonly checks: readonly CheckRow[];
  /** Design analysis at one true effect: the assumed one if the file states it, else the typical trial's. */
  readonly designAnalysis: ReportedDesignAnalysis | null;
  /** Design analysis over the forecast distribution of true effects (assurance); null without a simulation. */
  readonly forecastDesignAnalysis: ForecastDesignAnalysis | null;
  /** Percentile of the published effect among simulated trials of its design (null without a simulation). */
  readonly percentile: number | null;
  readonly simulation: SimulationComparison | null;
  /**
   * True when `signal` interrupted the simulation: every row is there, those comparing with
   * simulated trials use the trials completed (`simulation.trialsCompleted`; no simulation when
   * none was). `interruptionNote` says so in a sentence.
   */
  readonly aborted: boolean;
  readonly disclaimer: string;
}

export interface CheckOptions {
  readonly seed?: Seed;
  /** Simulated trials for the comparison (default 2000; bounds in CHECK_OPTION_BOUNDS). */
  readonly trials?: number;
  /** Compare with simulated trials (default true when the result names a preset). */
  readonly simulate?: boolean;
  readonly runner?: Runner;
  /**
   * Stops the simulation at the next chunk of trials (the typical trials are then not started):
   * the report holds every row, the comparison with simulated trials from the trials completed,
   * and `aborted: true`.
   */
  readonly signal?: AbortSignal;
  /**
   * Called after each chunk of simulated trials with the trials done over both runs (the forecast
   * and the typical trials: a total of 2 × trials), the total and an estimate of the time left.
   */
  readonly onProgress?: (p: Progress) => void;
}
