/** The two versions of the Clinician-Administered PTSD Scale the trials used. */
export const SCALE_IDS = ["CAPS-IV", "CAPS-5"] as const;
export type ScaleId = (typeof SCALE_IDS)[number];

export interface ScaleInfo {
  readonly id: ScaleId;
  readonly min: number;
  readonly max: number;
  /** Number of symptom items the total is summed over. */
  readonly items: number;
  readonly source: string;
}

/**
 * Totals are sums of integer item scores, so they are integers between min and max.
 * CAPS-IV: 17 symptoms × (frequency 0-4 + intensity 0-4) = 0-136 (Krystal 2011: "CAPS range 0-136").
 * CAPS-5: 20 symptoms × severity 0-4 = 0-80 (VA CAPS-5 training modules).
 */
export const SCALES: Readonly<Record<ScaleId, ScaleInfo>> = {
  "CAPS-IV": { id: "CAPS-IV", min: 0, max: 136, items: 17, source: "Krystal et al. 2011, JAMA (CAPS range 0-136)" },
  "CAPS-5": { id: "CAPS-5", min: 0, max: 80, items: 20, source: "VA CAPS-5 training modules (20 items scored 0-4)" },
};
