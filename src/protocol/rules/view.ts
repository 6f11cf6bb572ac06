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
  /** Every dosing to check: each arm's sessions. */
  readonly dosingSites: readonly DosingSite[];
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
    return { index, id, sessions, dosesMdma: isRecord(raw) && listDosesMdma(field(raw, "sessions")) };
  });
}

function dosingSites(arms: readonly ArmView[], experimental: readonly DrugSessionView[] | undefined): DosingSite[] {
  const sites: DosingSite[] = [];
  for (const arm of arms) {
    arm.sessions?.forEach((dosing, j) => {
      sites.push({ path: ["arms", arm.index, "sessions", j], dosing, sessionDurationH: experimental?.[j]?.durationH });
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
    arms,
    armsClean: Array.isArray(valueAt(input, ["arms"])) && isClean(["arms"]),
    dosingSites: dosingSites(arms, experimental),
  };
}
