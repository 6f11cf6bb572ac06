/**
 * The explorer's state: a preset and the edits a student makes to its design, kept in the URL
 * (`?p=mp1&n=20&dose=100&...`) so a link reproduces the figure exactly. `designFor(state)` turns
 * it into the protocol and trial design the library simulates; Node tests use the same function,
 * so the page's numbers can be checked against the library's.
 */
import { PRESET_INFO, presetInput, type PresetId } from "../../src/protocol/presets.js";
import { ANALYSES, type AnalysisName, type TrialDesignInput } from "../../src/trial/design.js";
import { designWithNPerArm } from "../../src/trial/api.js";
import { PLACEBO_KINDS, OUTCOME_RATERS, type PlaceboKind, type Protocol } from "../../src/protocol/schema.js";

export type OutcomeRater = (typeof OUTCOME_RATERS)[number];

/** Everything that determines the figures; unset edits keep the preset's own values. */
export interface ExplorerState {
  readonly preset: PresetId;
  /** Participants per arm (unequal allocation splits n × arms by weight). */
  readonly nPerArm: number;
  /** Initial dose of the treatment arm in every drug session (mg); null keeps the preset's. */
  readonly doseMg: number | null;
  /** Supplemental dose of the treatment arm (mg; 0 for none); null keeps the preset's. */
  readonly supplementalMg: number | null;
  /** Number of blinded drug sessions; null keeps the preset's. */
  readonly sessions: number | null;
  /** What the control arm receives; null keeps the preset's. */
  readonly placebo: PlaceboKind | null;
  /** Who rates the outcome; null keeps the preset's. */
  readonly outcomeRater: OutcomeRater | null;
  readonly analysis: AnalysisName;
  readonly alpha: number;
  readonly seed: number;
  /** Which participant's drug session is shown (trial 0, this participant of the treatment arm). */
  readonly participant: number;
}

export const PRESET_IDS = PRESET_INFO.map((p) => p.id) as PresetId[];

/** The page's state when the URL says nothing. */
export const DEFAULT_STATE: ExplorerState = { preset: "mp1", nPerArm: 10, doseMg: null, supplementalMg: null, sessions: null, placebo: null, outcomeRater: null, analysis: "welch", alpha: 0.05, seed: 1, participant: 0 };

/** Bounds of the numeric controls (the URL is clamped to them). */
export const BOUNDS = {
  nPerArm: [4, 200],
  doseMg: [0, 250],
  supplementalMg: [0, 125],
  sessions: [1, 3],
  alpha: [0.001, 0.2],
  seed: [0, 2 ** 31 - 1],
  participant: [0, 50],
} as const satisfies Record<string, readonly [number, number]>;

const KEYS: Record<keyof ExplorerState, string> = { preset: "p", nPerArm: "n", doseMg: "dose", supplementalMg: "sup", sessions: "sessions", placebo: "placebo", outcomeRater: "rater", analysis: "analysis", alpha: "alpha", seed: "seed", participant: "pp" };

function numberParam(params: URLSearchParams, key: keyof typeof BOUNDS, integer: boolean): number | null {
  const raw = params.get(KEYS[key]);
  if (raw === null || raw.trim() === "" || !Number.isFinite(Number(raw))) return null;
  const [lo, hi] = BOUNDS[key];
  const x = Math.min(hi, Math.max(lo, Number(raw)));
  return integer ? Math.round(x) : x;
}

function choiceParam<T extends string>(params: URLSearchParams, key: keyof ExplorerState, choices: readonly T[]): T | null {
  const raw = params.get(KEYS[key]);
  return raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** The state a query string describes (unknown or out-of-range values fall back or are clamped). */
export function parseState(search: string): ExplorerState {
  const q = new URLSearchParams(search);
  const d = DEFAULT_STATE;
  return {
    preset: choiceParam(q, "preset", PRESET_IDS) ?? d.preset,
    nPerArm: numberParam(q, "nPerArm", true) ?? d.nPerArm,
    doseMg: numberParam(q, "doseMg", false),
    supplementalMg: numberParam(q, "supplementalMg", false),
    sessions: numberParam(q, "sessions", true),
    placebo: choiceParam(q, "placebo", PLACEBO_KINDS),
    outcomeRater: choiceParam(q, "outcomeRater", OUTCOME_RATERS),
    analysis: choiceParam(q, "analysis", ANALYSES) ?? d.analysis,
    alpha: numberParam(q, "alpha", false) ?? d.alpha,
    seed: numberParam(q, "seed", true) ?? d.seed,
    participant: numberParam(q, "participant", true) ?? d.participant,
  };
}

/** The query string of a state (every field, in a fixed order, so equal states give equal links). */
export function stateToSearch(state: ExplorerState): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(KEYS) as (keyof ExplorerState)[]) {
    const v = state[key];
    if (v !== null) q.set(KEYS[key], String(v));
  }
  return `?${q.toString()}`;
}

/** A stable text key of a state (for caches and for telling runs apart). */
export const stateKey = (state: ExplorerState): string => stateToSearch(state);

/** The trial design the state asks for at `nPerArm` participants per arm (split by allocation weights, as the CLI's --n does). */
export function designInput(state: ExplorerState, protocol: Protocol, nPerArm: number): TrialDesignInput {
  return designWithNPerArm(protocol, { primaryAnalysis: state.analysis, alpha: state.alpha }, nPerArm);
}

/** The sample sizes the power curve shows: half to twice the chosen n per arm. */
export function nGrid(nPerArm: number): number[] {
  const [lo, hi] = BOUNDS.nPerArm;
  const grid = [0.5, 0.75, 1, 1.5, 2].map((f) => Math.min(hi, Math.max(lo, Math.round(f * nPerArm))));
  return [...new Set(grid)].sort((a, b) => a - b);
}

/** The preset's own protocol input (a fresh copy to edit). */
export function presetCopy(id: PresetId): Record<string, unknown> {
  return structuredClone(presetInput(id)) as unknown as Record<string, unknown>;
}
