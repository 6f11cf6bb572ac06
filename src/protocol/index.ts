export * from "./schema.js";
export { SCALES, SCALE_IDS } from "./scales.js";
export type { ScaleId, ScaleInfo } from "./scales.js";
export { checkProtocol, parseProtocol } from "./parse.js";
export type { ProtocolCheck } from "./parse.js";
export {
  MAX_STUDIED_SESSION_MG, MIN_DRUG_SESSION_SPACING_DAYS, COURSE_WEEKS, REQUIRED_EXCLUSIONS, PROTOCOL_BOUNDS, PROTOCOL_INPUT_LIMITS, PLAUSIBLE_THRESHOLD, PLAUSIBLE_RISE, protocolBoundsMarkdown,
} from "./bounds.js";
export type { ProtocolBound, ProtocolBoundKey, PlausibleRange } from "./bounds.js";
export { enrolledBaselineInterval, maxFeasibleBaselineSd } from "./baseline-feasibility.js";
export type { ScoreInterval } from "./baseline-feasibility.js";
export { placeboKindOf } from "./blinding.js";
export { courseTimeline, courseSpan, courseLengthWeeks, doseTotals, formatTimeline } from "./timeline.js";
export type { CourseEvent, CourseEventKind, CourseSpan, SessionDoseTotal, ArmDoseTotals } from "./timeline.js";
export { PRESET_IDS, PRESET_INFO, preset, presetInput, isPresetId } from "./presets.js";
export type { PresetId, PresetInfo } from "./presets.js";
