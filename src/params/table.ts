/**
 * Every numeric model parameter, in one table: value, unit, what it means, where it came from,
 * and whether it is published, derived (computed or fitted from published figures, the working
 * named) or assumed (recalled, unverified, or a modelling choice). `parameterTable()` returns
 * it; `mdma-trial-sim params` prints it; the README shows it.
 *
 * Log-SDs are standard deviations on the natural-log scale (between-subject variability).
 */

export type ParameterStatus = "published" | "derived" | "assumed";

/**
 * One row of the parameter table: a model parameter's key, default value, unit, meaning, source
 * and status, and the range an override must lie in. parameterTable() returns one per parameter,
 * with the value in use and the default.
 */
export interface ParameterEntry {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  readonly description: string;
  readonly source: string;
  readonly status: ParameterStatus;
  /** Allowed range when users override the value (inclusive). */
  readonly min: number;
  readonly max: number;
  /** True for parameters the Phase 2 calibration estimates (their values come from its draws). */
  readonly calibrated?: boolean;
}

import calibrated from "./calibrated.json";

/** Posterior medians of the shipped Phase 2 calibration (written by `npm run calibrate`). */
const CALIBRATED: Readonly<Record<string, number>> = calibrated;
const CALIBRATION = "Posterior median of the Phase 2 calibration (npm run calibrate; draws, 90% intervals and diagnostics in src/calibration/default-calibration.json)";

function calibratedValue(key: string): number {
  const v = CALIBRATED[key];
  if (typeof v !== "number") throw new Error(`params/calibrated.json has no value for ${key}`);
  return v;
}

const PK_FIT = "Fitted by scripts/reference/fit_pk.py (SciPy) to Mas et al. 1999 and de la Torre et al. 2000 (Cmax, Tmax, half-life, AUC(0-24) at 75 and 125 mg) and Farré et al. 2004 (second dose 24 h later: AUC +77%, Cmax +29%); fit in scripts/reference/pk-fit.json";

const VITALS_FIT = "Fitted by scripts/fit-vitals.ts to Vizeli & Liechti 2017 (n = 166, 75/125 mg pooled: 33% above 160 mmHg systolic, 29% above 100 bpm, 19% above 38.0 °C) with peaks at 1-2 h, effects largely gone by 6 h, and weak priors on the typical peak rise (+30 mmHg, +20 bpm, +0.5 °C); result in scripts/reference/vitals-fit.json";

function entry<K extends string>(
  key: K,
  value: number,
  unit: string,
  status: ParameterStatus,
  description: string,
  source: string,
  min: number,
  max: number,
  calibrated = false,
): ParameterEntry & { readonly key: K } {
  return calibrated ? { key, value, unit, description, source, status, min, max, calibrated } : { key, value, unit, description, source, status, min, max };
}

export const PARAMETER_TABLE = [
  // ---- Pharmacokinetics (typical normal metabolizer) ----------------------------------------
  entry("pk.kaPerH", 2.4933482892354344, "1/h", "derived", "First-order absorption rate from the gut compartment", PK_FIT, 0.05, 20),
  entry("pk.meanTransitTimeH", 0.845992555784635, "h", "derived", "Mean transit time through the absorption chain", PK_FIT, 0.01, 6),
  entry("pk.transitCompartments", 3, "count", "assumed", "Number of absorption transit compartments (Savic 2007); 3 reproduces Tmax about 2 h with onset at 30-45 min", "Structural choice; see scripts/reference/fit_pk.py", 0, 10),
  entry("pk.volumeL", 442.8981257152304, "L", "derived", "Apparent volume of distribution V/F", PK_FIT, 50, 2000),
  entry("pk.clOtherLPerH", 23.72270123480566, "L/h", "derived", "Apparent clearance not through CYP2D6 (N-demethylation to MDA, renal)", PK_FIT, 0.1, 200),
  entry("pk.clCyp2d6LPerH", 101.41224762073801, "L/h", "derived", "Apparent CYP2D6 clearance with the enzyme fully active (normal metabolizer)", PK_FIT, 0, 500),
  entry("pk.kinactPerH", 9.05706015149354, "1/h", "derived", "Maximal rate of mechanism-based CYP2D6 inactivation by MDMA", PK_FIT, 0, 100),
  entry("pk.kiMgPerL", 3.622748578938824, "mg/L", "derived", "MDMA concentration giving half the maximal inactivation rate", PK_FIT, 0.001, 100),
  entry("pk.cyp2d6RecoveryHalfLifeH", 46, "h", "assumed", "Half-life of CYP2D6 recovery by enzyme resynthesis", "Yubero-Lahoz et al. 2011 (about 10 days to full recovery, recovery half-life about 46 h); recalled, unverified (FACTS.md §C)", 1, 1000),
  entry("pk.bsv.kaLogSd", 0.4, "log-SD", "assumed", "Between-subject variability of ka", "Typical for oral absorption; not reported in the sources read", 0, 2),
  entry("pk.bsv.meanTransitTimeLogSd", 0.3, "log-SD", "assumed", "Between-subject variability of the mean transit time", "Not reported in the sources read", 0, 2),
  entry("pk.bsv.volumeLogSd", 0.2, "log-SD", "assumed", "Between-subject variability of V/F", "Not reported in the sources read; with the clearances it gives a Cmax CV near Kolbrich 2008's 24% (162.9 ± 39.8 ng/mL)", 0, 2),
  entry("pk.bsv.clOtherLogSd", 0.25, "log-SD", "assumed", "Between-subject variability of non-CYP2D6 clearance", "Not reported in the sources read", 0, 2),
  entry("pk.bsv.clCyp2d6LogSd", 0.3, "log-SD", "assumed", "Between-subject variability of CYP2D6 clearance within a phenotype", "Not reported in the sources read", 0, 2),
  entry("cyp2d6.poorFraction", 0.07, "fraction", "assumed", "Share of poor metabolizers among participants", "Approximate European phenotype frequency, recalled", 0, 1),
  entry("cyp2d6.intermediateFraction", 0.1, "fraction", "assumed", "Share of intermediate metabolizers", "Approximate European phenotype frequency, recalled", 0, 1),
  entry("cyp2d6.ultrarapidFraction", 0.03, "fraction", "assumed", "Share of ultrarapid metabolizers (normal metabolizers are the rest)", "Approximate European phenotype frequency, recalled", 0, 1),
  entry("cyp2d6.poorActivity", 0, "factor", "assumed", "CYP2D6 activity of poor metabolizers relative to normal", "No functional enzyme", 0, 3),
  entry("cyp2d6.intermediateActivity", 0.5, "factor", "assumed", "CYP2D6 activity of intermediate metabolizers relative to normal", "Activity-score convention, recalled", 0, 3),
  entry("cyp2d6.ultrarapidActivity", 1.5, "factor", "assumed", "CYP2D6 activity of ultrarapid metabolizers relative to normal", "Activity-score convention, recalled", 0, 3),

  // ---- Vital signs ---------------------------------------------------------------------------
  entry("vitals.baseline.systolicMeanMmHg", 125, "mmHg", "assumed", "Mean pre-dose systolic pressure", "Typical adult value; not reported in the sources read", 80, 200),
  entry("vitals.baseline.systolicSdMmHg", 12, "mmHg", "assumed", "Between-participant SD of pre-dose systolic pressure", "Typical adult value", 0, 40),
  entry("vitals.baseline.diastolicMeanMmHg", 78, "mmHg", "assumed", "Mean pre-dose diastolic pressure", "Typical adult value", 40, 130),
  entry("vitals.baseline.diastolicSdMmHg", 8, "mmHg", "assumed", "Between-participant SD of pre-dose diastolic pressure", "Typical adult value", 0, 30),
  entry("vitals.baseline.heartRateMeanBpm", 70, "bpm", "assumed", "Mean pre-dose heart rate", "Typical adult value", 40, 120),
  entry("vitals.baseline.heartRateSdBpm", 10, "bpm", "assumed", "Between-participant SD of pre-dose heart rate", "Typical adult value", 0, 30),
  entry("vitals.baseline.temperatureMeanC", 36.9, "°C", "assumed", "Mean pre-dose body temperature", "Typical adult value", 35.5, 38),
  entry("vitals.baseline.temperatureSdC", 0.3, "°C", "assumed", "Between-participant SD of pre-dose temperature", "Typical adult value", 0, 1),
  entry("vitals.bp.ke0PerH", 2.171403779945834, "1/h", "derived", "Equilibration rate of the blood-pressure effect site", VITALS_FIT, 0.01, 50),
  entry("vitals.bp.tolerancePerH", 0.40596160541768483, "1/h", "derived", "Rate at which acute tolerance to the blood-pressure effect develops", VITALS_FIT, 0.01, 50),
  entry("vitals.bp.ec50NgPerMl", 100, "ng/mL", "assumed", "Effect-site concentration giving half the maximal blood-pressure stimulus", "Fixed at 100 ng/mL (modelling choice); the fit in scripts/fit-vitals.ts estimated the sensitivities and rates given it", 1, 5000),
  entry("vitals.bp.emaxSystolicMmHg", 60.05865787010474, "mmHg", "derived", "Typical maximal systolic rise (before tolerance)", VITALS_FIT, 0, 200),
  entry("vitals.bp.emaxDiastolicMmHg", 30.02932893505237, "mmHg", "derived", "Typical maximal diastolic rise (before tolerance)", "Half the systolic rise (assumed ratio) in the fit (scripts/fit-vitals.ts)", 0, 150),
  entry("vitals.hr.ke0PerH", 2.171403779945834, "1/h", "derived", "Equilibration rate of the heart-rate effect site", "Shared with blood pressure in the fit (scripts/fit-vitals.ts)", 0.01, 50),
  entry("vitals.hr.tolerancePerH", 0.40596160541768483, "1/h", "derived", "Rate of acute tolerance to the heart-rate effect", "Shared with blood pressure in the fit (scripts/fit-vitals.ts)", 0.01, 50),
  entry("vitals.hr.ec50NgPerMl", 100, "ng/mL", "assumed", "EC50 of the heart-rate stimulus", "Fixed at 100 ng/mL (modelling choice); the fit in scripts/fit-vitals.ts estimated the sensitivities and rates given it", 1, 5000),
  entry("vitals.hr.emaxBpm", 47.45596978038522, "bpm", "derived", "Typical maximal heart-rate rise (before tolerance)", VITALS_FIT, 0, 150),
  entry("vitals.temperature.ke0PerH", 1.2302331767691945, "1/h", "derived", "Equilibration rate of the temperature effect site", VITALS_FIT, 0.01, 50),
  entry("vitals.temperature.tolerancePerH", 0.3425668941457564, "1/h", "derived", "Rate at which thermoregulation offsets the temperature effect", VITALS_FIT, 0.01, 50),
  entry("vitals.temperature.ec50NgPerMl", 100, "ng/mL", "assumed", "EC50 of the temperature stimulus", "Fixed at 100 ng/mL (modelling choice); the fit in scripts/fit-vitals.ts estimated the sensitivities and rates given it", 1, 5000),
  entry("vitals.temperature.emaxC", 1.5893494364983316, "°C", "derived", "Typical maximal temperature rise (before tolerance)", VITALS_FIT, 0, 5),
  entry("vitals.emaxLogSd", 0.4, "log-SD", "assumed", "Between-participant variability of each maximal rise", "Not reported in the sources read", 0, 2),
  entry("vitals.noise.systolicMmHg", 5, "mmHg", "assumed", "SD of one systolic reading around the true value", "Typical automated cuff variability", 0, 30),
  entry("vitals.noise.diastolicMmHg", 4, "mmHg", "assumed", "SD of one diastolic reading", "Typical automated cuff variability", 0, 30),
  entry("vitals.noise.heartRateBpm", 4, "bpm", "assumed", "SD of one heart-rate reading", "Typical", 0, 30),
  entry("vitals.noise.temperatureC", 0.1, "°C", "assumed", "SD of one temperature reading", "Typical tympanic thermometer", 0, 1),
  entry("vitals.interventionFactor", 0.5, "factor", "assumed", "Share of the drug-induced rise that remains after an intervention (antihypertensive, active cooling)", "Modelling choice; carvedilol reduced MDMA's rises in BP, HR and temperature (Hysek 2012) but no factor is sourced", 0, 1),

  // ---- Screening ------------------------------------------------------------------------------
  entry("screening.belowThresholdFraction", 0.3, "fraction", "assumed", "Share of referred candidates whose baseline severity is below the entry threshold", "Not reported in the sources read", 0, 0.99),
  entry("screening.cardiovascularDiseasePrevalence", 0.03, "fraction", "assumed", "Share of referred candidates with cardiovascular disease", "Not reported in the sources read", 0, 1),
  entry("screening.psychosisPrevalence", 0.02, "fraction", "assumed", "Share of candidates with a psychotic disorder", "Not reported in the sources read", 0, 1),
  entry("screening.bipolarIPrevalence", 0.03, "fraction", "assumed", "Share of candidates with bipolar I disorder", "Not reported in the sources read", 0, 1),
  entry("screening.serotonergicMedicationPrevalence", 0.05, "fraction", "assumed", "Share of candidates on serotonergic medication that cannot be tapered", "Not reported in the sources read", 0, 1),
  entry("screening.pregnancyPrevalence", 0.02, "fraction", "assumed", "Share of women candidates who are pregnant", "Not reported in the sources read", 0, 1),
  entry("screening.substanceUseDisorderPrevalence", 0.06, "fraction", "assumed", "Share of candidates with a current substance use disorder", "Not reported in the sources read", 0, 1),
  entry("screening.hypertensionSystolicMmHg", 160, "mmHg", "assumed", "Screening systolic pressure at or above which hypertension counts as uncontrolled", "Modelling choice", 120, 220),
  entry("screening.hypertensionDiastolicMmHg", 100, "mmHg", "assumed", "Screening diastolic pressure at or above which hypertension counts as uncontrolled", "Modelling choice", 70, 140),
  entry("screening.maxCandidates", 1000, "count", "assumed", "Candidates screened for one place before the simulation reports the protocol as unrecruitable", "Guard against impossible eligibility", 10, 1e6),
  entry("population.maxAgeYears", 75, "years", "assumed", "Upper bound of the age distribution", "Modelling choice", 19, 120),

  // ---- Drug sessions ------------------------------------------------------------------------
  entry("session.supplementalAcceptance", 0.9, "probability", "assumed", "Chance that a participant takes a supplemental dose that is offered and not withheld", "The supplemental dose is optional (Sessa 2016); the share who took it is not in the sources read", 0, 1),
  entry("session.extensionIntervalMin", 30, "min", "assumed", "Interval between readings while monitoring is extended past the planned end", "Modelling choice", 1, 240),
  entry("session.maxExtensionH", 4, "h", "assumed", "Longest extension of monitoring before the participant is handed to medical care", "Modelling choice", 0, 24),
  entry("session.exposureHorizonH", 24, "h", "assumed", "Window over which a session's exposure (AUC) is computed", "Covers the acute exposure of a session; AUC(0-24) is the published metric (de la Torre 2000)", 8, 72),

  // ---- Symptom trajectory (CAPS): therapy, pharmacology, expectancy -------------------------------
  entry("efficacy.therapyEffectPerHour", calibratedValue("efficacy.therapyEffectPerHour"), "log-ratio/h", "derived", "Non-specific effect of psychotherapy per hour of therapy contact the protocol schedules (preparatory, drug-session and integration sessions, in every arm): reduction of log(CAPS/baseline) once fully developed", CALIBRATION, 0, 1, true),
  entry("efficacy.drugSessionTherapyWeight", 0.5, "fraction", "assumed", "Share of a drug session's hours that count as psychotherapy contact (the MAPS method is non-directive; much of the session is inner-directed, with eyeshades and music)", "Modelling choice; no figure separates the two", 0, 1),
  entry("efficacy.drugEffectPerSession", calibratedValue("efficacy.drugEffectPerSession"), "log-ratio", "derived", "Maximal pharmacological effect of MDMA per session at saturating exposure", CALIBRATION, 0, 50, true),
  entry("efficacy.ec50AucNgHPerMl", calibratedValue("efficacy.ec50AucNgHPerMl"), "ng·h/mL", "derived", "Session AUC giving half the maximal drug effect (Emax model on exposure)", CALIBRATION, 1, 1e7, true),
  entry("efficacy.hill", calibratedValue("efficacy.hill"), "-", "derived", "Hill coefficient of the exposure-response", CALIBRATION, 0.05, 40, true),
  entry("efficacy.responsivenessLogSd", calibratedValue("efficacy.responsivenessLogSd"), "log-SD", "derived", "Between-participant SD of responsiveness (a multiplier shared by therapy, pharmacology and expectancy)", CALIBRATION, 0, 5, true),
  entry("efficacy.measurementErrorSd", calibratedValue("efficacy.measurementErrorSd"), "CAPS-IV points", "derived", "SD of a CAPS rating around the participant's true severity, baseline included (so it also sets regression to the mean); rescaled for CAPS-5", CALIBRATION, 0, 50, true),
  entry("efficacy.trialTherapyLogSd", calibratedValue("efficacy.trialTherapyLogSd"), "log-SD", "derived", "Between-trial SD of the psychotherapy effect (trials differ)", CALIBRATION, 0, 5, true),
  entry("efficacy.trialDrugLogSd", calibratedValue("efficacy.trialDrugLogSd"), "log-SD", "derived", "Between-trial SD of the drug effect (MP-12 and MP-2 show far smaller effects than MP-1 and MP-8)", CALIBRATION, 0, 5, true),
  entry("efficacy.drugOnsetDays", 2, "days", "assumed", "Time constant over which a session's drug effect (and a change of belief) develops", "Most of the change is present 3-5 days after a session (MP-1)", 0.01, 60),
  entry("efficacy.therapyOnsetDays", 14, "days", "assumed", "Time constant over which a therapy contact's effect develops", "MP-1's placebo arm kept improving after its last session (74.1 -> 66.8 -> 59.1)", 0.01, 120),
  entry("expectancy.effect", calibratedValue("expectancy.effect"), "log-ratio", "derived", "Expectancy: reduction of log(CAPS/baseline) per unit of belief in having received MDMA above the allocation prior (believing placebo, or a disappointing dose, below it, worsens); the contrast between fully unblinded arms", `${CALIBRATION}. No Phase 2 figure identifies it directly (no blinding guesses were published): its prior, half-normal(0.3), is assumed; the arms' contrasts bound it from above (posterior in docs/calibration.md, sensitivity to the prior in docs/sensitivity.md)`, 0, 5, true),
  entry("durability.trendPerYear", calibratedValue("durability.trendPerYear"), "log-ratio/year", "derived", "Trend of log(CAPS) after unblinding, for everyone (positive: continued improvement; negative: drift back)", `${CALIBRATION}; informed by the 12-month follow-ups of MP-8 (after the open-label crossover) and MP-1's long-term follow-up`, -2, 2, true),

  // ---- Belief, guesses and raters ----------------------------------------------------------------
  entry("belief.referenceAucNgHPerMl", 2235.9, "ng·h/mL", "published", "AUC(0-24) of 125 mg MDMA: the exposure whose subjective intensity is the reference", "de la Torre et al. 2000, quoted by Freye (FACTS.md §C: 2235.9 ug·h/L at 125 mg)", 100, 20000),
  entry("belief.intensityAucRatio50", 0.3, "ratio", "assumed", "Exposure, relative to 125 mg's AUC, at which subjective effects are half of their maximum", "Chosen so that 25-40 mg feel mild (intensity about 0.1-0.3), 75 mg clear (about 0.7) and 125 mg with its supplement near maximal, consistent with dose-dependent subjective effects (Vizeli & Liechti 2017) and plasma concentration as their strongest predictor (Studerus et al. 2021); no figure identifies the curve", 0.01, 10),
  entry("belief.intensityHill", 2, "-", "assumed", "Steepness of the subjective intensity curve", "Modelling choice (see belief.intensityAucRatio50)", 0.2, 10),
  entry("belief.perceptionNoiseSd", 0.2, "intensity", "assumed", "SD of a participant's perception of a session's subjective intensity (includes effects felt on placebo)", "In a psychedelic setting 61% of placebo-only participants reported some drug effect (Olson et al. 2020); no MDMA figure", 0, 2),
  entry("belief.therapistNoiseSd", 0.1, "intensity", "assumed", "SD of a therapist's perception of a participant's subjective effects", "Therapists watch the whole session; modelling choice", 0, 2),
  entry("belief.sharpness", 6, "log-odds/intensity", "assumed", "Log-likelihood ratio for 'I received MDMA' per unit of perceived intensity above the midpoint between what MDMA and the control are expected to feel like", "Chosen so that after one session about 95% of participants on inactive placebo or on 125 mg identify their allocation, matching the near-complete unblinding reported across psychedelic trials (Muthukumaraswamy et al. 2021; Szigeti et al. 2023); no Phase 2 guess counts were published", 0, 100),
  entry("belief.lowDoseExpectedIntensity", 0.3, "intensity", "assumed", "Subjective intensity participants told about a low-dose active placebo expect it to have", "Modelling choice: the consent describes a low dose with mild effects", 0, 1),
  entry("belief.dontKnowHalfWidth", 0.15, "probability", "assumed", "Half-width around 1/2 of the belief band in which a guess is 'don't know'", "Modelling choice", 0, 0.5),
  entry("rater.biasPoints", 4, "CAPS-IV points", "assumed", "Shift of a rating (lower is better) per unit of the rater's belief in MDMA above the prior; acts when raters can know the allocation", "No figure; a few points on a scale whose clinically meaningful change is 10-15 points (Weathers 2001, recalled)", 0, 30),
  entry("rater.leakProbability", 0.15, "probability", "assumed", "Chance that an independent rater learns a participant's belief (the participant reveals it)", "No figure; modelling choice", 0, 1),

  // ---- Dropout and relapse ---------------------------------------------------------------------
  entry("dropout.perVisitProbability", calibratedValue("dropout.perVisitProbability"), "probability", "derived", "Chance of stopping treatment before each post-baseline assessment, for a participant whose belief is at the allocation prior", "Posterior median of Beta(0.5, 0.5) updated by the Phase 2 counts: one dropout before the primary endpoint (MP-12's 125 mg arm: 13 to 12) in the participant-visits at risk (the calibration; npm run calibrate)", 0, 1, true),
  entry("dropout.beliefLogOddsRatio", 1, "log-odds", "assumed", "Change in the log-odds of dropout per unit of belief below the prior (believing you got placebo raises dropout)", "Placebo arms of PTSD drug trials lose more participants (paroxetine: 42% of the placebo arm dropped out, Tucker et al. 2001); no MDMA figure", -5, 10),
  entry("dropout.nonResponseOddsRatio", 1, "odds ratio", "assumed", "Odds ratio of dropout for participants who have not improved by earlyResponsePercent at their last assessment (1 = no effect)", "Modelling choice; set above 1 for dropout that depends on early response", 0.01, 100),
  entry("dropout.earlyResponsePercent", 10, "%", "assumed", "Improvement from baseline below which a participant counts as an early non-responder", "Modelling choice", 0, 100),
  entry("dropout.retrievedFraction", 0.3, "fraction", "assumed", "Share of those who stop treatment who still attend the assessments (retrieved dropouts, needed for a treatment-policy estimand)", "Modelling choice; the Phase 2 papers report too few dropouts to say", 0, 1),
  entry("relapse.hazardPerYear", calibratedValue("relapse.hazardPerYear"), "1/year", "derived", "Relapse hazard among responders after the primary endpoint (exponential)", "Posterior median of the Jeffreys Gamma(0.5, 0) prior updated by MP-1's long-term follow-up: 2 relapses among 16 assessed at a mean 45.4 months, 10/12 of them counted as responders (the calibration; npm run calibrate)", 0, 10, true),
  entry("relapse.weibullShape", 1, "-", "assumed", "Shape of the time-to-relapse distribution (1 = constant hazard)", "Two events do not identify a shape", 0.1, 10),
  entry("relapse.returnFraction", 0.6, "fraction", "assumed", "Share of the improvement lost at relapse", "Modelling choice", 0, 1),
] as const satisfies readonly ParameterEntry[];

export type ParameterKey = (typeof PARAMETER_TABLE)[number]["key"];
/** A complete parameter set: one number per key of the table. */
export type Parameters = Readonly<Record<ParameterKey, number>>;
