/** The explorer's form controls: showing a state in them, and turning their changes into new states. */
import { BOUNDS, DEFAULT_STATE, type ExplorerState } from "./state.js";

const el = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Values the controls show when the state keeps the preset's own (doses, sessions, placebo, rater). */
export interface PresetValues {
  readonly doseMg: number;
  readonly supplementalMg: number;
  readonly sessions: number;
  readonly placebo: string;
  readonly outcomeRater: string;
}

function setValue(id: string, value: string | number): void {
  const input = el<HTMLInputElement | HTMLSelectElement>(id);
  if (document.activeElement !== input || input instanceof HTMLSelectElement) input.value = String(value);
  const out = document.getElementById(`${id}-out`);
  if (out) out.textContent = String(value);
}

/** Show a state in the controls (an unset edit shows the preset's value, marked as such). */
export function showControls(state: ExplorerState, preset: PresetValues): void {
  setValue("preset", state.preset);
  setValue("n", state.nPerArm);
  setValue("dose", state.doseMg ?? preset.doseMg);
  setValue("sup", state.supplementalMg ?? preset.supplementalMg);
  setValue("sessions", state.sessions ?? preset.sessions);
  setValue("placebo", state.placebo ?? preset.placebo);
  setValue("rater", state.outcomeRater ?? preset.outcomeRater);
  setValue("analysis", state.analysis);
  setValue("alpha", state.alpha);
  setValue("seed", state.seed);
  setValue("participant", state.participant);
  for (const [id, edited] of [["dose", state.doseMg], ["sup", state.supplementalMg], ["sessions", state.sessions], ["placebo", state.placebo], ["rater", state.outcomeRater]] as const) {
    el(id).closest("label")?.classList.toggle("edited", edited !== null);
  }
}

const clamp = (key: keyof typeof BOUNDS, x: number): number => Math.min(BOUNDS[key][1], Math.max(BOUNDS[key][0], x));

/** The state after one control changed. */
function changed(state: ExplorerState, id: string, raw: string): ExplorerState {
  const num = Number(raw);
  switch (id) {
    case "preset":
      return { ...DEFAULT_STATE, preset: raw as ExplorerState["preset"], nPerArm: state.nPerArm, analysis: state.analysis, alpha: state.alpha, seed: state.seed };
    case "n":
      return { ...state, nPerArm: clamp("nPerArm", Math.round(num)) };
    case "dose":
      return { ...state, doseMg: clamp("doseMg", num) };
    case "sup":
      return { ...state, supplementalMg: clamp("supplementalMg", num) };
    case "sessions":
      return { ...state, sessions: clamp("sessions", Math.round(num)) };
    case "placebo":
      return { ...state, placebo: raw as ExplorerState["placebo"] };
    case "rater":
      return { ...state, outcomeRater: raw as ExplorerState["outcomeRater"] };
    case "analysis":
      return { ...state, analysis: raw as ExplorerState["analysis"] };
    case "alpha":
      return { ...state, alpha: clamp("alpha", num) };
    case "seed":
      return { ...state, seed: clamp("seed", Math.round(num)) };
    case "participant":
      return { ...state, participant: clamp("participant", Math.round(num)) };
    default:
      return state;
  }
}

const CONTROL_IDS = ["preset", "n", "dose", "sup", "sessions", "placebo", "rater", "analysis", "alpha", "seed", "participant"];

/** Wire every control: selects and numbers apply on change, sliders while they move (debounced). */
export function bindControls(getState: () => ExplorerState, setState: (s: ExplorerState) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  for (const id of CONTROL_IDS) {
    const input = el<HTMLInputElement | HTMLSelectElement>(id);
    const apply = () => {
      const value = input.value;
      if (value.trim() === "" || (input.type !== "select-one" && !Number.isFinite(Number(value)))) return;
      setState(changed(getState(), id, value));
    };
    input.addEventListener("change", apply);
    if (input instanceof HTMLInputElement && input.type === "range") {
      input.addEventListener("input", () => {
        const out = document.getElementById(`${id}-out`);
        if (out) out.textContent = input.value;
        clearTimeout(timer);
        timer = setTimeout(apply, 250);
      });
    }
  }
  el("reset").addEventListener("click", () => setState({ ...getState(), doseMg: null, supplementalMg: null, sessions: null, placebo: null, outcomeRater: null }));
}
