/**
 * The explorer's edits to a preset protocol (as JSON input, before validation): doses of the
 * treatment arm, the number of drug sessions, the placebo and who rates the outcome. The library
 * validates the result (`parseProtocol`), so an edit the protocol rules forbid shows as their
 * message instead of a figure.
 */
import type { ExplorerState } from "./state.js";
import { presetCopy } from "./state.js";

interface Dosing {
  initialMg: number;
  supplemental?: { mg: number; offeredAtH: { earliest: number; latest: number } };
}
interface Arm {
  id: string;
  label: string;
  sessions: Dosing[];
  activeComparator?: { name: string; subjectiveIntensity: number };
}
interface Dated {
  day: number;
  afterSession?: number;
}
interface Assessment extends Dated {
  id: string;
  kind: string;
  label: string;
}
type OpenLabelPhase = Record<string, unknown>;
/** The parts of a protocol input the edits touch. */
export interface EditableProtocol {
  id: string;
  title: string;
  arms: Arm[];
  controlArmId: string;
  schedule: { experimental: Dated[]; integration: Dated[]; assessments: Assessment[]; [key: string]: unknown };
  blinding?: { placebo?: string; outcomeRater?: string; [key: string]: unknown };
  openLabel?: OpenLabelPhase[];
  [key: string]: unknown;
}

/** The arm the dose controls change: the non-control arm with the largest first dose. */
export function treatmentArm(p: EditableProtocol): Arm {
  const candidates = p.arms.filter((a) => a.id !== p.controlArmId);
  return candidates.reduce((best, a) => ((a.sessions[0]?.initialMg ?? 0) > (best.sessions[0]?.initialMg ?? 0) ? a : best), candidates[0]!);
}

const DEFAULT_OFFER = { earliest: 1.5, latest: 2.5 };

function setDoses(arm: Arm, doseMg: number | null, supplementalMg: number | null): void {
  for (const s of arm.sessions) {
    if (doseMg !== null) s.initialMg = doseMg;
    if (supplementalMg === 0) delete s.supplemental;
    else if (supplementalMg !== null) s.supplemental = { mg: supplementalMg, offeredAtH: s.supplemental?.offeredAtH ?? DEFAULT_OFFER };
  }
  const first = arm.sessions[0];
  if (first && (doseMg !== null || supplementalMg !== null)) arm.label = `MDMA ${first.initialMg} mg${first.supplemental ? ` + ${first.supplemental.mg} mg` : ""} (edited)`;
}

/** Low-dose placebo as MP-2 gave it: 25 mg + 12.5 mg. */
const LOW_DOSE: Dosing = { initialMg: 25, supplemental: { mg: 12.5, offeredAtH: { earliest: 1.5, latest: 2.5 } } };
const COMPARATOR = { name: "methylphenidate 40 mg", subjectiveIntensity: 0.3 };

function setPlacebo(p: EditableProtocol, kind: NonNullable<ExplorerState["placebo"]>): void {
  const control = p.arms.find((a) => a.id === p.controlArmId)!;
  const alreadyLowDose = control.sessions.some((s) => s.initialMg > 0) && !control.activeComparator;
  delete control.activeComparator;
  if (kind === "inactive") {
    control.sessions = control.sessions.map(() => ({ initialMg: 0 }));
    control.label = "Inactive placebo";
  } else if (kind === "low-dose-mdma") {
    if (!alreadyLowDose) control.sessions = control.sessions.map(() => structuredClone(LOW_DOSE));
    control.label = `Low-dose MDMA ${control.sessions[0]!.initialMg} mg (active placebo)`;
  } else {
    control.sessions = control.sessions.map(() => ({ initialMg: 0 }));
    control.activeComparator = { ...COMPARATOR };
    control.label = `${COMPARATOR.name} (active comparator)`;
  }
  p.blinding = { ...(p.blinding ?? {}), placebo: kind };
}

/** Every dated event of the schedule and the open-label phases. */
function datedEvents(p: EditableProtocol): Dated[] {
  const isDated = (x: unknown): x is Dated => typeof x === "object" && x !== null && typeof (x as Dated).day === "number";
  const inPhases = (p.openLabel ?? []).flatMap((phase) => Object.values(phase).flatMap((v) => (Array.isArray(v) ? v.filter(isDated) : [])));
  return [...p.schedule.integration, ...p.schedule.assessments, ...inPhases];
}

function dropSessions(p: EditableProtocol, count: number): void {
  const firstDropped = p.schedule.experimental[count]!.day;
  p.schedule.experimental = p.schedule.experimental.slice(0, count);
  p.schedule.integration = p.schedule.integration.filter((i) => (i.afterSession ?? 0) < count);
  p.schedule.assessments = p.schedule.assessments.filter((a) => !(a.kind === "post-session" && a.day > firstDropped));
  for (const arm of p.arms) arm.sessions = arm.sessions.slice(0, count);
  // One session makes the course shorter than the consensus 8-16 weeks; the rule asks for a reason.
  if (count === 1) p.schedule.extendedCourse = { reason: "one drug session, chosen in the explorer to see what a single session does (outside the consensus course)" };
}

/** Add sessions after the last one, each a copy of the last session's block (its integration and post-session visit); later events move later. */
function addSessions(p: EditableProtocol, count: number): void {
  const sessions = p.schedule.experimental;
  const m = sessions.length;
  const last = sessions[m - 1]!;
  const gap = m >= 2 ? last.day - sessions[m - 2]!.day : 28;
  const shift = gap * (count - m);
  for (const e of datedEvents(p)) if (e.day >= last.day + gap) e.day += shift;
  const lastIntegration = p.schedule.integration.filter((i) => i.afterSession === m - 1 && i.day - last.day < gap);
  const lastVisit = p.schedule.assessments.filter((a) => a.kind === "post-session" && a.day > last.day && a.day - last.day < gap);
  for (let j = 1; j <= count - m; j++) {
    const offset = gap * j;
    sessions.push({ ...last, day: last.day + offset });
    p.schedule.integration.push(...lastIntegration.map((i) => ({ ...i, day: i.day + offset, afterSession: m - 1 + j })));
    p.schedule.assessments.push(...lastVisit.map((a) => ({ ...a, id: `post-s${m + j}`, day: a.day + offset, label: `3-5 days after drug session ${m + j}` })));
    for (const arm of p.arms) arm.sessions.push(structuredClone(arm.sessions[m - 1]!));
  }
  p.schedule.integration.sort((a, b) => a.day - b.day);
  p.schedule.assessments.sort((a, b) => a.day - b.day);
}

/** The number of drug sessions of the preset. */
export const sessionCount = (p: EditableProtocol): number => p.schedule.experimental.length;

/** The preset with the state's edits applied (JSON input; validate it with parseProtocol). */
export function editedProtocolInput(state: ExplorerState): EditableProtocol {
  const p = presetCopy(state.preset) as unknown as EditableProtocol;
  const edited = state.doseMg !== null || state.supplementalMg !== null || state.sessions !== null || state.placebo !== null || state.outcomeRater !== null;
  if (state.sessions !== null && state.sessions < sessionCount(p)) dropSessions(p, state.sessions);
  if (state.sessions !== null && state.sessions > sessionCount(p)) addSessions(p, state.sessions);
  setDoses(treatmentArm(p), state.doseMg, state.supplementalMg);
  if (state.placebo !== null) setPlacebo(p, state.placebo);
  if (state.outcomeRater !== null) p.blinding = { ...(p.blinding ?? {}), outcomeRater: state.outcomeRater };
  if (edited) {
    p.id = `${p.id}-edited`;
    p.title = `${p.title} (edited in the explorer)`;
  }
  return p;
}
