/**
 * The structurally valid part of a protocol, typed: what every clinical rule reads. Built once
 * per validation from the raw input and the paths of the structural problems. A field is set
 * (not undefined) only when its path is clean (no structural problem on, above or below it), at
 * the granularity the rules need: a whole list when every item is clean (rules comparing items
 * with each other), or single items (rules looking at one item at a time).
 */
import { SCALES, SCALE_IDS, type ScaleInfo } from "../scales.js";
import { cleanChecker, type Path } from "./clean-paths.js";
import {
  asList, asNumber, asString, field, isRecord, readAssessment, readDated, readDosing, readDrugSession, readIntegration, readThreshold, valueAt,
  type AssessmentView, type DatedSessionView, type DosingView, type DrugSessionView, type IntegrationView, type ThresholdView,
} from "./guards.js";

export type { Path } from "./clean-paths.js";
export type { AssessmentView, DatedSessionView, DosingView, DrugSessionView, IntegrationView, ThresholdView } from "./guards.js";

export interface ArmView {
  readonly index: number;
  /** The arm's id, when clean. */
  readonly id?: string;
  /** The arm's dosing for each drug session, when the whole list is clean. */
  readonly sessions?: readonly DosingView[];
  /** Some session gives a numeric initial dose above 0 (read whether or not it is valid). */
  readonly dosesMdma: boolean;
  /** Whether `activeComparator` is set, when that field is clean. */
  readonly hasActiveComparator?: boolean;
}

export interface OpenLabelSessionView extends DrugSessionView, DosingView {}

export interface OpenLabelPhaseView {
  readonly index: number;
  readonly id?: string;
  /** The arm ids, each present when clean. */
  readonly arms?: readonly (string | undefined)[];
  readonly preparatory?: readonly DatedSessionView[];
  /** The sessions, when the whole list is clean. */
  readonly sessions?: readonly OpenLabelSessionView[];
  /** Each session on its own, present when that session is clean. */
  readonly sessionItems: readonly (OpenLabelSessionView | undefined)[];
  readonly integration?: readonly IntegrationView[];
}

/** One dosing the dose rules check, with its path and the length of its session when known. */
export interface DosingSite {
  readonly path: Path;
  readonly dosing: DosingView;
  readonly sessionDurationH?: number;
}

export interface ProtocolView {
  /** Whether a path of the input is clean. */
  readonly isClean: (path: Path) => boolean;
  readonly scale?: ScaleInfo;
  /** One view per item of `arms` (empty when `arms` is not a list). */
  readonly arms: readonly ArmView[];
  /** `arms` is a list with no structural problem anywhere in it. */
  readonly armsClean: boolean;
  readonly controlArmId?: string;
  readonly experimental?: readonly DrugSessionView[];
  readonly preparatory?: readonly DatedSessionView[];
  readonly integration?: readonly IntegrationView[];
  readonly assessments?: readonly AssessmentView[];
  /** Whether `schedule.extendedCourse` is set, when that field is clean. */
  readonly extendedCourseSet?: boolean;
  readonly bloodPressureAndHeartRateH?: readonly number[];
  readonly temperatureH?: readonly number[];
  readonly thresholds?: readonly ThresholdView[];
  readonly minimumBaselineScore?: number;
  readonly exclusions?: readonly string[];
  readonly baselineMean?: number;
  readonly baselineSd?: number;
  readonly primaryAssessmentId?: string;
  /** The response reduction in points, when the response is a point reduction. */
  readonly responsePoints?: number;
  readonly lossOfDiagnosisBelowScore?: number;
  readonly remissionMaxScore?: number;
  readonly placebo?: string;
  readonly unblindAfterAssessmentId?: string;
  /** One view per item of `openLabel` (empty when it is absent or not a list). */
  readonly openLabel: readonly OpenLabelPhaseView[];
  /** Every dosing to check: the arms' blinded sessions, then the open-label sessions. */
  readonly dosingSites: readonly DosingSite[];
  /** Some open-label session gives a numeric initial dose above 0 (read whether or not it is valid). */
  readonly openLabelDosesMdma: boolean;
}

type Reader = <T>(path: Path, read: (value: unknown) => T | undefined) => T | undefined;

/** Some item of a list has a numeric `initialMg` above 0. */
function listDosesMdma(list: unknown): boolean {
  return Array.isArray(list) && list.some((item: unknown) => isRecord(item) && (asNumber(field(item, "initialMg")) ?? 0) > 0);
}

function armViews(input: unknown, read: Reader): ArmView[] {
  const arms = valueAt(input, ["arms"]);
  if (!Array.isArray(arms)) return [];
  return arms.map((raw: unknown, index): ArmView => {
    const id = read(["arms", index, "id"], asString);
    const sessions = read(["arms", index, "sessions"], (v) => asList(v, readDosing));
    const comparator = read(["arms", index, "activeComparator"], (v) => (v === undefined ? false : isRecord(v)));
    return { index, id, sessions, dosesMdma: isRecord(raw) && listDosesMdma(field(raw, "sessions")), hasActiveComparator: comparator };
  });
}

function readOpenLabelSession(value: unknown): OpenLabelSessionView | undefined {
  const session = readDrugSession(value);
  const dosing = readDosing(value);
  return session && dosing ? { ...session, ...dosing } : undefined;
}

function openLabelViews(input: unknown, read: Reader): OpenLabelPhaseView[] {
  const phases = valueAt(input, ["openLabel"]);
  if (!Array.isArray(phases)) return [];
  return phases.map((raw: unknown, index): OpenLabelPhaseView => {
    const base = ["openLabel", index] as const;
    const id = read([...base, "id"], asString);
    const armIds = valueAt(raw, ["arms"]);
    const arms = Array.isArray(armIds) ? armIds.map((_: unknown, k) => read([...base, "arms", k], asString)) : undefined;
    const rawSessions = valueAt(raw, ["sessions"]);
    const sessionItems = Array.isArray(rawSessions) ? rawSessions.map((_: unknown, k) => read([...base, "sessions", k], readOpenLabelSession)) : [];
    const optionalList = <T>(key: string, item: (v: unknown) => T | undefined) => read([...base, key], (v) => (v === undefined ? [] : asList(v, item)));
    const preparatory = optionalList("preparatory", readDated);
    const sessions = read([...base, "sessions"], (v) => asList(v, readOpenLabelSession));
    const integration = optionalList("integration", readIntegration);
    return { index, id, arms, preparatory, sessions, sessionItems, integration };
  });
}

function dosingSites(arms: readonly ArmView[], experimental: readonly DrugSessionView[] | undefined, openLabel: readonly OpenLabelPhaseView[]): DosingSite[] {
  const sites: DosingSite[] = [];
  for (const arm of arms) {
    arm.sessions?.forEach((dosing, j) => {
      sites.push({ path: ["arms", arm.index, "sessions", j], dosing, sessionDurationH: experimental?.[j]?.durationH });
    });
  }
  for (const phase of openLabel) {
    phase.sessionItems.forEach((session, k) => {
      if (session) sites.push({ path: ["openLabel", phase.index, "sessions", k], dosing: session, sessionDurationH: session.durationH });
    });
  }
  return sites;
}

const readScale = (value: unknown): ScaleInfo | undefined => {
  const id = SCALE_IDS.find((s) => s === value);
  return id === undefined ? undefined : SCALES[id];
};

/** The typed view of `input`, given the paths of its structural problems (unknown fields excluded). */
export function protocolView(input: unknown, problemPaths: readonly Path[]): ProtocolView {
  const isClean = cleanChecker(problemPaths);
  const read: Reader = (path, reader) => (isClean(path) ? reader(valueAt(input, path)) : undefined);
  const arms = armViews(input, read);
  const experimental = read(["schedule", "experimental"], (v) => asList(v, readDrugSession));
  const openLabel = openLabelViews(input, read);
  const rawOpenLabel = valueAt(input, ["openLabel"]);
  return {
    isClean,
    scale: read(["endpoints", "scale"], readScale),
    controlArmId: read(["controlArmId"], asString),
    experimental,
    preparatory: read(["schedule", "preparatory"], (v) => asList(v, readDated)),
    integration: read(["schedule", "integration"], (v) => asList(v, readIntegration)),
    assessments: read(["schedule", "assessments"], (v) => asList(v, readAssessment)),
    extendedCourseSet: read(["schedule", "extendedCourse"], (v) => v !== undefined),
    bloodPressureAndHeartRateH: read(["sessionRules", "vitals", "bloodPressureAndHeartRateH"], (v) => asList(v, asNumber)),
    temperatureH: read(["sessionRules", "vitals", "temperatureH"], (v) => asList(v, asNumber)),
    thresholds: read(["sessionRules", "thresholds"], (v) => asList(v, readThreshold)),
    minimumBaselineScore: read(["eligibility", "minimumBaselineScore"], asNumber),
    exclusions: read(["eligibility", "exclusions"], (v) => asList(v, asString)),
    baselineMean: read(["population", "baselineScore", "mean"], asNumber),
    baselineSd: read(["population", "baselineScore", "sd"], asNumber),
    primaryAssessmentId: read(["endpoints", "primaryAssessmentId"], asString),
    responsePoints: valueAt(input, ["endpoints", "response", "kind"]) === "point-reduction" ? read(["endpoints", "response", "points"], asNumber) : undefined,
    lossOfDiagnosisBelowScore: read(["endpoints", "lossOfDiagnosis", "belowScore"], asNumber),
    remissionMaxScore: read(["endpoints", "remission", "maxScore"], asNumber),
    placebo: read(["blinding", "placebo"], asString),
    unblindAfterAssessmentId: read(["blinding", "unblindAfterAssessmentId"], asString),
    arms,
    armsClean: Array.isArray(valueAt(input, ["arms"])) && isClean(["arms"]),
    openLabel,
    dosingSites: dosingSites(arms, experimental, openLabel),
    openLabelDosesMdma: Array.isArray(rawOpenLabel) && rawOpenLabel.some((phase: unknown) => isRecord(phase) && listDosesMdma(field(phase, "sessions"))),
  };
}
