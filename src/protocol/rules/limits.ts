/** The clinical limits the rules check, each with its source. */

/** Largest planned dose per session in any trial the model is calibrated on: 125 + 62.5 mg. */
export const MAX_STUDIED_SESSION_MG = 187.5;
/** Drug sessions must be at least this far apart (the documented protocol: 3-5 weeks). */
export const MIN_DRUG_SESSION_SPACING_DAYS = 21;
/** The consensus course of therapy (Sessa 2016): 8-16 weeks. */
export const COURSE_WEEKS = { min: 8, max: 16 } as const;
/** Exclusions without which a clinician would not dose a sympathomimetic drug. */
export const REQUIRED_EXCLUSIONS = ["cardiovascular-disease", "uncontrolled-hypertension", "pregnancy"] as const;

export interface PlausibleRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

/** Physiologically plausible ranges for an absolute threshold, per measure (rule plausible-threshold). */
export const PLAUSIBLE_THRESHOLD: Readonly<Record<string, PlausibleRange>> = {
  systolicMmHg: { min: 90, max: 250, unit: "mmHg" },
  diastolicMmHg: { min: 50, max: 150, unit: "mmHg" },
  heartRateBpm: { min: 50, max: 200, unit: "bpm" },
  temperatureC: { min: 36.5, max: 41, unit: "°C" },
};

/** Plausible rises over the pre-dose reading, per measure (rule plausible-threshold). */
export const PLAUSIBLE_RISE: Readonly<Record<string, PlausibleRange>> = {
  systolicMmHg: { min: 5, max: 80, unit: "mmHg" },
  diastolicMmHg: { min: 5, max: 60, unit: "mmHg" },
  heartRateBpm: { min: 5, max: 80, unit: "bpm" },
  temperatureC: { min: 0.2, max: 3, unit: "°C" },
};
