/**
 * Published designs as protocol data. Every figure comes from ../reference/FACTS.md (the
 * project's source table) and is either published in the cited paper, derived from published
 * figures (the working is in the provenance note), or assumed (recalled, unverified, or a
 * modelling choice). Only published figures carry no provenance note of their own.
 */
import { EXCLUSIONS, type ProtocolInput } from "./schema.js";
import { parseProtocol } from "./parse.js";
import type { Protocol } from "./schema.js";

type Rules = ProtocolInput["sessionRules"];
type Prov = NonNullable<ProtocolInput["provenance"]>[number];

const ALL_EXCLUSIONS = EXCLUSIONS;

/**
 * Phase 2 monitoring. The schedule (BP/HR about every 30 min, then hourly; temperature every
 * 60-90 min) and the thresholds (withhold the supplemental dose above 160/110 mmHg or 110 bpm,
 * repeat readings while raised, treat above 180/120, cool a rise of about 1 °C) are recalled,
 * not found in any source (FACTS.md §B): they are assumed.
 */
const PHASE2_RULES: Rules = {
  vitals: {
    bloodPressureAndHeartRateH: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8],
    temperatureH: [0, 1, 2, 3, 4.5, 6, 7.5],
  },
  thresholds: [
    { id: "sbp-160", measure: "systolicMmHg", above: 160, actions: ["withhold-supplemental", "repeat-reading"], repeatAfterMin: 15 },
    { id: "dbp-110", measure: "diastolicMmHg", above: 110, actions: ["withhold-supplemental", "repeat-reading"], repeatAfterMin: 15 },
    { id: "hr-110", measure: "heartRateBpm", above: 110, actions: ["withhold-supplemental", "repeat-reading"], repeatAfterMin: 15 },
    { id: "sbp-180", measure: "systolicMmHg", above: 180, actions: ["alert-physician", "intervention", "repeat-reading"], repeatAfterMin: 5 },
    { id: "dbp-120", measure: "diastolicMmHg", above: 120, actions: ["alert-physician", "intervention", "repeat-reading"], repeatAfterMin: 5 },
    { id: "temp-rise-1", measure: "temperatureC", above: 1, reference: "baseline", actions: ["alert-physician", "intervention", "repeat-reading"], repeatAfterMin: 30 },
  ],
  monitorUntilBelowThresholds: true,
  preSessionChecks: ["breath-alcohol", "urine-drug-screen", "pregnancy-test"],
  therapists: { count: 2, mixedGenderDyad: true },
};

const PHASE2_RULES_PROVENANCE: Prov[] = [
  { path: "sessionRules.vitals", status: "assumed", source: "Recalled Phase 2 practice (BP/HR about every 30 min then hourly, temperature every 60-90 min); not found in any source (FACTS.md §B)" },
  { path: "sessionRules.thresholds", status: "assumed", source: "Recalled MAPS thresholds (160/110 mmHg, 110 bpm, 180/120 mmHg, +1 °C); low confidence, not found in any source (FACTS.md §B)" },
  { path: "sessionRules.preSessionChecks", status: "published", source: "Sessa 2016 (seed003); MAPP1 eligibility text" },
  { path: "sessionRules.therapists", status: "published", source: "Sessa 2016 (seed003); MP-8 registry (male/female co-therapist dyad)" },
];

/** Integration sessions (90 min) the morning after each drug session and weekly after it. */
function integrationAfter(sessionDays: number[], offsets: number[], durationMin = 90) {
  return sessionDays.flatMap((d, i) => offsets.filter((o) => i === sessionDays.length - 1 || d + o < sessionDays[i + 1]!).map((o) => ({ day: d + o, durationMin, afterSession: i })));
}

const prep = (days: number[]) => days.map((day) => ({ day, durationMin: 90 }));
const eightHours = (days: number[]) => days.map((day) => ({ day, durationH: 8 }));

/** Open-label 8-h sessions of 125 mg with a 62.5 mg supplemental offered in `window` (hours). */
const openLabelFullDose = (days: number[], window = { earliest: 1.5, latest: 2.5 }) =>
  days.map((day) => ({ day, durationH: 8, initialMg: 125, supplemental: { mg: 62.5, offeredAtH: { ...window } } }));

type Blinding = NonNullable<ProtocolInput["blinding"]>;

/** The guess schedule no Phase 2 report could be read for: the defaults, stated explicitly. */
const DEFAULT_GUESSES: NonNullable<Blinding["guesses"]> = { participant: "end-of-blinded-phase", therapist: "end-of-blinded-phase", rater: "at-primary" };

const GUESSES_PROVENANCE: Prov = {
  path: "blinding.guesses",
  status: "assumed",
  source: "No Phase 2 report read (the MP-1, MP-2, MP-8 and MP-12 abstracts, registry records and MAPS pages) gives when guesses were asked or how many were correct; participants and therapists asked at the end of the blinded phase and the rater at the primary visit are assumed",
};

const CAPS_IV_ENDPOINT_DEFINITIONS = {
  response: { kind: "percent-reduction" as const, percent: 30 },
  lossOfDiagnosis: { belowScore: 45 },
  remission: { maxScore: 19, requireLossOfDiagnosis: false },
};

const CAPS_IV_DEFINITION_PROVENANCE: Prov[] = [
  { path: "endpoints.response", status: "published", source: "MP-1: response = more than 30% reduction in CAPS (Mithoefer 2011; seed004)" },
  { path: "endpoints.lossOfDiagnosis.belowScore", status: "assumed", source: "Total-score proxy for loss of the DSM-IV diagnosis (the model simulates totals, not items); 45 is a recalled CAPS-IV severity cutoff, unverified" },
  { path: "endpoints.remission", status: "published", source: "CAPS-IV < 20 as remission in other PTSD drug trials (IOM 2008 table)" },
];

/** Ids of the preset protocols: the consensus protocol, the four Phase 2 trials and a Phase 3 style design. */
export const PRESET_IDS = ["sessa2016", "mp1", "mp2", "mp8", "mp12", "phase3"] as const;
/**
 * The id of a preset protocol: "sessa2016", "mp1", "mp2", "mp8", "mp12" or "phase3" (PRESET_IDS).
 * preset and presetInput take one; PRESET_INFO describes each.
 */
export type PresetId = (typeof PRESET_IDS)[number];

export interface PresetInfo {
  readonly id: PresetId;
  readonly description: string;
  /** True when the design's outcomes are part of the Phase 2 calibration targets. */
  readonly phase2Trial: boolean;
}

const sessa2016: ProtocolInput = {
  id: "sessa2016",
  title: "Consensus protocol of MDMA-assisted psychotherapy (Sessa 2016 review)",
  citation: "Sessa B. (2016). MDMA and PTSD treatment: 'PTSD: from novel pathophysiology to innovative therapeutics'. Neuroscience Letters 649:176-180. Summary in seeds/003.",
  arms: [
    { id: "mdma", label: "MDMA 125 mg + 62.5 mg", allocation: 1, plannedN: 20, sessions: [0, 1, 2].map(() => ({ initialMg: 125, supplemental: { mg: 62.5, offeredAtH: { earliest: 1.5, latest: 2.5 } } })) },
    { id: "placebo", label: "Inactive placebo", allocation: 1, plannedN: 20, sessions: [0, 1, 2].map(() => ({ initialMg: 0 })) },
  ],
  controlArmId: "placebo",
  schedule: {
    preparatory: prep([1, 8, 15]),
    experimental: eightHours([22, 50, 78]),
    integration: integrationAfter([22, 50, 78], [1, 7, 14, 21]),
    assessments: [
      { id: "baseline", day: 0, kind: "baseline", label: "Baseline" },
      { id: "post-s1", day: 26, kind: "post-session", label: "4 days after drug session 1" },
      { id: "post-s2", day: 54, kind: "post-session", label: "4 days after drug session 2" },
      { id: "post-s3", day: 82, kind: "post-session", label: "4 days after drug session 3" },
      { id: "primary", day: 134, kind: "primary", label: "2 months after drug session 3" },
      { id: "fu-12m", day: 443, kind: "follow-up", label: "12 months after the last drug session" },
    ],
    overnightStay: true,
  },
  sessionRules: PHASE2_RULES,
  eligibility: { minimumBaselineScore: 50, minimumAgeYears: 18, exclusions: [...ALL_EXCLUSIONS] },
  population: { baselineScore: { mean: 83.85, sd: 19.65 }, ageYears: { mean: 40, sd: 10 }, percentWomen: 60 },
  endpoints: { scale: "CAPS-IV", primaryAssessmentId: "primary", ...CAPS_IV_ENDPOINT_DEFINITIONS },
  provenance: [
    { path: "arms[0].sessions", status: "published", source: "Sessa 2016: 125 mg with an optional 62.5 mg supplemental about 2 h later; two or three sessions (three chosen here)" },
    { path: "arms[0].sessions[0].supplemental.offeredAtH", status: "published", source: "1.5-2.5 h window as in MP-9 (MAPS study page)" },
    { path: "schedule", status: "assumed", source: "Day-by-day placement within Sessa's description (8-16 week course, 90-min preparatory and integration sessions, sessions several weeks apart, overnight stay); the days themselves are a modelling choice" },
    { path: "arms[0].plannedN", status: "assumed", source: "Illustrative 20 per arm" },
    { path: "population.baselineScore", status: "derived", source: "Pooled baseline CAPS-IV of the 10 Phase 2 arms in seeds/phase2-targets.json (n = 86): mean 83.85, total SD 19.65" },
    { path: "population.ageYears", status: "assumed", source: "Phase 2 trials' mean ages were 37-42 years; SD 10 assumed" },
    { path: "population.percentWomen", status: "assumed", source: "Phase 2 trials ranged from 27% (MP-8) to 84% (MP-1) women" },
    { path: "eligibility.minimumBaselineScore", status: "published", source: "Phase 2 inclusion CAPS-IV >= 50 (MAPS manual 2005; MP-8 abstract)" },
    ...PHASE2_RULES_PROVENANCE,
    ...CAPS_IV_DEFINITION_PROVENANCE,
  ],
};

const mp1: ProtocolInput = {
  id: "mp1",
  title: "MP-1: MDMA 125 mg vs inactive placebo, two sessions (Mithoefer et al. 2011, South Carolina)",
  citation: "Mithoefer M.C. et al. (2011). The safety and efficacy of ±3,4-methylenedioxymethamphetamine-assisted psychotherapy in subjects with chronic, treatment-resistant posttraumatic stress disorder. J Psychopharmacol 25(4):439-452. doi:10.1177/0269881110378371",
  arms: [
    { id: "mdma", label: "MDMA 125 mg + 62.5 mg", allocation: 3, plannedN: 12, sessions: [0, 1].map(() => ({ initialMg: 125, supplemental: { mg: 62.5, offeredAtH: { earliest: 2, latest: 2.5 } } })) },
    { id: "placebo", label: "Inactive placebo", allocation: 2, plannedN: 8, sessions: [0, 1].map(() => ({ initialMg: 0 })) },
  ],
  controlArmId: "placebo",
  schedule: {
    preparatory: prep([3, 10, 17]),
    experimental: eightHours([24, 52]),
    integration: integrationAfter([24, 52], [1, 7, 14, 21]),
    assessments: [
      { id: "baseline", day: 0, kind: "baseline", label: "Baseline" },
      { id: "post-s1", day: 28, kind: "post-session", label: "3-5 days after drug session 1" },
      { id: "post-s2", day: 56, kind: "post-session", label: "3-5 days after drug session 2" },
      { id: "primary", day: 112, kind: "primary", label: "2 months after drug session 2" },
      { id: "ltfu", day: 1434, kind: "follow-up", label: "Long-term follow-up, mean 45.4 months after the last MDMA session" },
    ],
    overnightStay: true,
  },
  sessionRules: PHASE2_RULES,
  eligibility: { minimumBaselineScore: 50, minimumAgeYears: 18, exclusions: [...ALL_EXCLUSIONS] },
  population: { baselineScore: { mean: 79.36, sd: 22.27 }, ageYears: { mean: 40.4, sd: 10 }, percentWomen: 84.4 },
  endpoints: { scale: "CAPS-IV", primaryAssessmentId: "primary", ...CAPS_IV_ENDPOINT_DEFINITIONS },
  blinding: { placebo: "inactive", outcomeRater: "independent", guesses: DEFAULT_GUESSES, unblindAfterAssessmentId: "primary" },
  openLabel: [
    {
      id: "crossover",
      label: "Open-label crossover of the placebo group: 2 x 125 + 62.5 mg",
      arms: ["placebo"],
      sessions: openLabelFullDose([133, 161], { earliest: 2, latest: 2.5 }),
      integration: integrationAfter([133, 161], [1, 7, 14, 21]),
    },
  ],
  provenance: [
    { path: "blinding.placebo", status: "published", source: "Inactive placebo (Mithoefer 2011, abstract)" },
    { path: "blinding.outcomeRater", status: "assumed", source: "An independent rater who did not attend the sessions is recalled for MP-1, not found in the text read; metapsy rates the outcome-measurement risk-of-bias domain low" },
    GUESSES_PROVENANCE,
    { path: "blinding.unblindAfterAssessmentId", status: "published", source: "'After 2-month follow-up, placebo subjects were offered the option to re-enroll in the experimental procedure with open-label MDMA' (Mithoefer 2011, abstract)" },
    { path: "openLabel[0].arms", status: "published", source: "Placebo participants offered open-label MDMA after the 2-month visit (Mithoefer 2011; FACTS.md §A1); 19 MDMA-treated in the long-term follow-up (Mithoefer 2013) - 12 = 7 of the 8 took it up (derived)" },
    { path: "openLabel[0].sessions", status: "assumed", source: "Two open-label sessions of 125 + 62.5 mg as in the blinded arm are recalled, not found in the text read; days assumed 4 weeks apart from 3 weeks after the primary visit" },
    { path: "openLabel[0].integration", status: "assumed", source: "As in the blinded course: the morning after and weekly (consensus protocol)" },
    { path: "schedule.assessments[4].day", status: "derived", source: "Mean 45.4 months (1,382 days at 30.44 days a month) after the blinded arm's last session (day 52); 17-74 months, SD 17.3 (Mithoefer 2013). The placebo crossovers' last session comes later (day 161), so for them this day is about 41.8 months after it" },
    { path: "arms", status: "published", source: "12 MDMA / 8 inactive placebo; 2 x 8 h sessions (Mithoefer 2011; metapsy)" },
    { path: "arms[0].sessions[0].supplemental.offeredAtH", status: "assumed", source: "Supplemental 62.5 mg at 2-2.5 h is recalled for MP-1 (FACTS.md §A1)" },
    { path: "arms[0].allocation", status: "assumed", source: "Allocation weights set to the randomized numbers (3:2)" },
    { path: "schedule.experimental", status: "assumed", source: "Sessions 4 weeks apart placed so that the metapsy time points (days 28, 56, 112) fall 3-5 days and 2 months after them; spacing 3-5 weeks is recalled for MP-1" },
    { path: "schedule.assessments", status: "published", source: "CAPS at baseline, 3-5 days after each session and 2 months after the second (Mithoefer 2011); follow-up 17-74 months, mean 45.4 (Mithoefer 2013)" },
    { path: "schedule.preparatory", status: "assumed", source: "Three 90-min preparatory sessions (consensus protocol)" },
    { path: "schedule.integration", status: "assumed", source: "Integration the morning after and weekly (consensus protocol)" },
    { path: "population.baselineScore", status: "derived", source: "Pooled baseline of both arms: means 79.2 and 79.6; SDs 22.86 and 22.91 from the reported SEs x sqrt(n) (metapsy); total SD 22.27" },
    { path: "population.ageYears.sd", status: "assumed", source: "Not reported in the sources read" },
    { path: "population.ageYears.mean", status: "published", source: "metapsy mean_age 40.4" },
    { path: "population.percentWomen", status: "published", source: "metapsy percent_women 84.4" },
    { path: "eligibility.minimumBaselineScore", status: "published", source: "CAPS-IV >= 50 (MAPS manual 2005)" },
    ...PHASE2_RULES_PROVENANCE,
    ...CAPS_IV_DEFINITION_PROVENANCE,
  ],
};

const mp2: ProtocolInput = {
  id: "mp2",
  title: "MP-2: MDMA 125 mg vs active placebo 25 mg, three sessions (Oehen et al. 2013, Switzerland)",
  citation: "Oehen P. et al. (2013). A randomized, controlled pilot study of MDMA (±3,4-methylenedioxymethamphetamine)-assisted psychotherapy for treatment of resistant, chronic post-traumatic stress disorder (PTSD). J Psychopharmacol 27(1):40-52. doi:10.1177/0269881112464827",
  arms: [
    { id: "mdma-125", label: "MDMA 125 mg + 62.5 mg", allocation: 2, plannedN: 8, sessions: [0, 1, 2].map(() => ({ initialMg: 125, supplemental: { mg: 62.5, offeredAtH: { earliest: 1.5, latest: 2.5 } } })) },
    { id: "active-placebo-25", label: "Active placebo 25 mg + 12.5 mg", allocation: 1, plannedN: 4, sessions: [0, 1, 2].map(() => ({ initialMg: 25, supplemental: { mg: 12.5, offeredAtH: { earliest: 1.5, latest: 2.5 } } })) },
  ],
  controlArmId: "active-placebo-25",
  schedule: {
    preparatory: prep([1, 8, 15]),
    experimental: eightHours([21, 49, 77]),
    integration: integrationAfter([21, 49, 77], [1, 7, 14, 21]),
    assessments: [
      { id: "baseline", day: 0, kind: "baseline", label: "Baseline" },
      { id: "post-s2", day: 70, kind: "post-session", label: "3 weeks after drug session 2" },
      { id: "primary", day: 98, kind: "primary", label: "3 weeks after drug session 3 (end of treatment)" },
      { id: "fu-12m", day: 442, kind: "follow-up", label: "12 months after drug session 3" },
    ],
    overnightStay: true,
  },
  sessionRules: PHASE2_RULES,
  eligibility: { minimumBaselineScore: 50, minimumAgeYears: 18, exclusions: [...ALL_EXCLUSIONS] },
  population: { baselineScore: { mean: 65.4, sd: 11.7 }, ageYears: { mean: 41.4, sd: 10 }, percentWomen: 83 },
  endpoints: { scale: "CAPS-IV", primaryAssessmentId: "primary", ...CAPS_IV_ENDPOINT_DEFINITIONS },
  blinding: { placebo: "low-dose-mdma", outcomeRater: "independent", guesses: DEFAULT_GUESSES, unblindAfterAssessmentId: "primary" },
  openLabel: [
    {
      id: "crossover",
      label: "Open-label crossover of the 25 mg group: 3 x 125 + 62.5 mg",
      arms: ["active-placebo-25"],
      sessions: openLabelFullDose([119, 147, 175]),
      integration: integrationAfter([119, 147, 175], [1, 7, 14, 21]),
    },
  ],
  provenance: [
    { path: "blinding.placebo", status: "published", source: "Active placebo 25 mg + 12.5 mg (Oehen 2013, abstract)" },
    { path: "blinding.outcomeRater", status: "published", source: "The MP-2 clinical study report (MAPS, 15 Sep 2011, synopsis) lists an independent rater apart from the investigators who ran the sessions; whether the rater was blind is not stated there" },
    GUESSES_PROVENANCE,
    { path: "blinding.unblindAfterAssessmentId", status: "assumed", source: "A 'partial crossover' design (MP-2 clinical study report, synopsis); when the blind was broken is not in the text read: after the primary visit assumed" },
    { path: "openLabel[0].arms", status: "published", source: "'active placebo-controlled, double-blind, partial crossover study comparing response to psychotherapy assisted by 25mg or 125 mg MDMA' (MP-2 clinical study report, synopsis)" },
    { path: "openLabel[0].sessions", status: "assumed", source: "The crossover's sessions and doses are not in the text read: three sessions of 125 + 62.5 mg as in the full-dose arm assumed, 4 weeks apart from 3 weeks after the primary visit" },
    { path: "openLabel[0].integration", status: "assumed", source: "As in the blinded course: the morning after and weekly (consensus protocol)" },
    { path: "arms", status: "published", source: "8 x 125 + 62.5 mg vs 4 x 25 + 12.5 mg; three sessions 3-5 weeks apart (Oehen 2013; metapsy)" },
    { path: "arms[0].allocation", status: "assumed", source: "Allocation weights set to the randomized numbers (2:1)" },
    { path: "schedule.experimental", status: "assumed", source: "Sessions placed so the metapsy time points (days 70 and 98) fall 3 weeks after sessions 2 and 3" },
    { path: "schedule.assessments", status: "published", source: "Endpoints 3 weeks after the 2nd and 3rd sessions; 1-year follow-up (Oehen 2013; metapsy)" },
    { path: "schedule.preparatory", status: "assumed", source: "Three 90-min preparatory sessions (consensus protocol)" },
    { path: "schedule.integration", status: "assumed", source: "Weekly non-drug sessions between drug sessions (Oehen 2013: published); exact days assumed" },
    { path: "population.baselineScore", status: "derived", source: "Pooled baseline of both arms: 66.4 (13.6) n=8 and 63.4 (7.9) n=4 (metapsy); total SD 11.7" },
    { path: "population.ageYears.sd", status: "assumed", source: "Not reported in the sources read" },
    { path: "eligibility.minimumBaselineScore", status: "assumed", source: "CAPS-IV >= 50 as in the other Phase 2 trials; not verified for MP-2" },
    { path: "endpoints.response", status: "assumed", source: "MP-1's definition (> 30% reduction) assumed for MP-2's reported response counts" },
    ...PHASE2_RULES_PROVENANCE,
    ...CAPS_IV_DEFINITION_PROVENANCE.filter((p) => p.path !== "endpoints.response"),
  ],
};

/** MP-8 and MP-12: open-label sessions 3 weeks after the primary visit (day 77), then 4-weekly. */
const OPEN_LABEL_DAYS = [98, 126, 154];

const halfDose = (mg: number) => ({ initialMg: mg, supplemental: { mg: mg / 2, offeredAtH: { earliest: 1.5, latest: 2.5 } } });

const mp8: ProtocolInput = {
  id: "mp8",
  title: "MP-8: MDMA 30, 75 or 125 mg in veterans, firefighters and police officers (Mithoefer et al. 2018)",
  citation: "Mithoefer M.C. et al. (2018). 3,4-methylenedioxymethamphetamine (MDMA)-assisted psychotherapy for post-traumatic stress disorder in military veterans, firefighters, and police officers: a randomised, double-blind, dose-response, phase 2 clinical trial. Lancet Psychiatry 5(6):486-497. doi:10.1016/S2215-0366(18)30135-4",
  arms: [
    { id: "mdma-125", label: "MDMA 125 mg + 62.5 mg", allocation: 2, plannedN: 12, sessions: [halfDose(125), halfDose(125)] },
    { id: "mdma-75", label: "MDMA 75 mg + 37.5 mg", allocation: 1, plannedN: 7, sessions: [halfDose(75), halfDose(75)] },
    { id: "mdma-30", label: "MDMA 30 mg + 15 mg (active control)", allocation: 1, plannedN: 7, sessions: [halfDose(30), halfDose(30)] },
  ],
  controlArmId: "mdma-30",
  schedule: {
    preparatory: prep([1, 8, 15]),
    experimental: eightHours([21, 49]),
    integration: integrationAfter([21, 49], [1, 7, 14, 21]),
    assessments: [
      { id: "baseline", day: 0, kind: "baseline", label: "Baseline" },
      { id: "primary", day: 77, kind: "primary", label: "1 month after drug session 2" },
      { id: "fu-12m", day: 414, kind: "follow-up", label: "12 months after the last blinded drug session" },
      { id: "fu-12m-ol", day: 519, kind: "follow-up", label: "12 months after the last open-label MDMA session" },
    ],
    overnightStay: true,
  },
  sessionRules: PHASE2_RULES,
  eligibility: { minimumBaselineScore: 50, minimumAgeYears: 18, exclusions: [...ALL_EXCLUSIONS] },
  population: { baselineScore: { mean: 87.12, sd: 16.15 }, ageYears: { mean: 37.2, sd: 10 }, percentWomen: 26.8 },
  endpoints: { scale: "CAPS-IV", primaryAssessmentId: "primary", ...CAPS_IV_ENDPOINT_DEFINITIONS },
  blinding: { placebo: "low-dose-mdma", outcomeRater: "independent", guesses: DEFAULT_GUESSES, unblindAfterAssessmentId: "primary" },
  openLabel: [
    {
      id: "crossover",
      label: "Open-label crossover of the 30 and 75 mg groups: 3 x 125 + 62.5 mg",
      arms: ["mdma-75", "mdma-30"],
      preparatory: prep([91]),
      sessions: openLabelFullDose(OPEN_LABEL_DAYS),
      integration: integrationAfter(OPEN_LABEL_DAYS, [1, 7, 14, 21]),
    },
    {
      id: "third-session",
      label: "A third, open-label session for the 125 mg group: 125 + 62.5 mg",
      arms: ["mdma-125"],
      preparatory: prep([147]),
      sessions: openLabelFullDose([154]),
      integration: integrationAfter([154], [1, 7, 14, 21]),
    },
  ],
  provenance: [
    { path: "blinding.placebo", status: "published", source: "30 mg + 15 mg as the active control dose (Mithoefer 2018; NCT01211405 registry record)" },
    { path: "blinding.outcomeRater", status: "published", source: "'An independent rater blind to condition will assess symptoms of PTSD' (NCT01211405 registry record); 'We masked investigators, independent outcome raters, and participants until after the primary endpoint' (Mithoefer 2018, abstract)" },
    GUESSES_PROVENANCE,
    { path: "blinding.unblindAfterAssessmentId", status: "published", source: "'assessed one month after the second experimental session, and the blind will be broken' (NCT01211405 registry record)" },
    { path: "openLabel[0].arms", status: "published", source: "'Participants in the 30 mg and 75 mg groups subsequently underwent three 100-125 mg MDMA-assisted psychotherapy sessions in an open-label crossover' (Mithoefer 2018, abstract)" },
    { path: "openLabel[0].sessions", status: "assumed", source: "'100-125 mg' (Mithoefer 2018) modelled as 125 + 62.5 mg; days assumed 4 weeks apart from 3 weeks after the primary visit" },
    { path: "openLabel[0].preparatory", status: "published", source: "One preparatory session before the open-label sessions instead of three (NCT01211405 registry record); its day (a week before the first session) is assumed" },
    { path: "openLabel[0].integration", status: "assumed", source: "As in the blinded course: the morning after and weekly (consensus protocol)" },
    { path: "openLabel[1].arms", status: "published", source: "The 125 mg group had a third, open-label session (MAPS MP-8 study page; NCT01211405 registry record)" },
    { path: "openLabel[1].sessions", status: "assumed", source: "Dose 125 + 62.5 mg assumed; placed on the day of the crossover's third session so that one 12-month visit (fu-12m-ol) comes 12 months after every participant's last MDMA session" },
    { path: "openLabel[1].preparatory", status: "assumed", source: "One preparatory session, as for the crossover" },
    { path: "schedule.assessments[3]", status: "published", source: "Follow-up 12 months after the last MDMA session (Mithoefer 2018; MAPS MP-8 study page); day 519 = the last open-label session (day 154, assumed) + 365. The targets' fu-12m (day 414) keeps its day: 12 months after the last blinded session" },
    { path: "arms", status: "published", source: "30/75/125 mg with half-dose supplementals, 7/7/12 randomized 1:1:2, two blinded 8-h sessions (Mithoefer 2018; MAPS MP-8 page; metapsy)" },
    { path: "arms[0].sessions[0].supplemental.offeredAtH", status: "published", source: "1.5-2.5 h (MAPS study pages; FACTS.md §B)" },
    { path: "schedule.experimental", status: "assumed", source: "Sessions 4 weeks apart (3-5 weeks published); days are a modelling choice. metapsy's time_days (56) counts from the first session" },
    { path: "schedule.assessments", status: "published", source: "Primary 1 month after the 2nd session; 12-month follow-up (Mithoefer 2018)" },
    { path: "schedule.preparatory", status: "assumed", source: "Three 90-min preparatory sessions (consensus protocol)" },
    { path: "schedule.integration", status: "published", source: "Integrative session the morning after each experimental session (MP-8 registry); later weekly sessions assumed" },
    { path: "population.baselineScore", status: "derived", source: "Pooled baseline of the three arms: 89.7 (17.3), 82.4 (17.3), 87.4 (14.1) (metapsy); total SD 16.15" },
    { path: "population.ageYears.mean", status: "derived", source: "Per-arm ages solved from metapsy's pairwise mean_age (36.4, 40.1, 34.2), weighted by n" },
    { path: "population.percentWomen", status: "derived", source: "Solved from metapsy's pairwise percent_women (26.0, 31.5, 21.5), weighted by n" },
    { path: "population.ageYears.sd", status: "assumed", source: "Not reported in the sources read" },
    { path: "eligibility.minimumBaselineScore", status: "published", source: "CAPS-IV >= 50 (MP-8 abstract)" },
    ...PHASE2_RULES_PROVENANCE,
    ...CAPS_IV_DEFINITION_PROVENANCE,
  ],
};

const mp12: ProtocolInput = {
  id: "mp12",
  title: "MP-12: MDMA 40, 100 or 125 mg (Ot'alora G et al. 2018, Colorado)",
  citation: "Ot'alora G M. et al. (2018). 3,4-Methylenedioxymethamphetamine-assisted psychotherapy for treatment of chronic posttraumatic stress disorder: a randomized phase 2 controlled trial. J Psychopharmacol 32(12):1295-1307. doi:10.1177/0269881118806297",
  arms: [
    { id: "mdma-125", label: "MDMA 125 mg + 62.5 mg", allocation: 13, plannedN: 13, sessions: [halfDose(125), halfDose(125)] },
    { id: "mdma-100", label: "MDMA 100 mg + 50 mg", allocation: 9, plannedN: 9, sessions: [halfDose(100), halfDose(100)] },
    { id: "mdma-40", label: "MDMA 40 mg + 20 mg (active control)", allocation: 6, plannedN: 6, sessions: [halfDose(40), halfDose(40)] },
  ],
  controlArmId: "mdma-40",
  schedule: {
    preparatory: prep([1, 8, 15]),
    experimental: eightHours([21, 49]),
    integration: integrationAfter([21, 49], [1, 7, 14, 21]),
    assessments: [
      { id: "baseline", day: 0, kind: "baseline", label: "Baseline" },
      { id: "primary", day: 77, kind: "primary", label: "1 month after drug session 2" },
      { id: "fu-12m", day: 414, kind: "follow-up", label: "12 months after the last blinded drug session" },
      { id: "fu-12m-ol", day: 519, kind: "follow-up", label: "12 months after the last open-label MDMA session" },
    ],
    overnightStay: true,
  },
  sessionRules: PHASE2_RULES,
  eligibility: { minimumBaselineScore: 50, minimumAgeYears: 18, exclusions: [...ALL_EXCLUSIONS] },
  population: { baselineScore: { mean: 91.92, sd: 18.03 }, ageYears: { mean: 42, sd: 10 }, percentWomen: 67.9 },
  endpoints: { scale: "CAPS-IV", primaryAssessmentId: "primary", ...CAPS_IV_ENDPOINT_DEFINITIONS },
  blinding: { placebo: "low-dose-mdma", outcomeRater: "independent", guesses: DEFAULT_GUESSES, unblindAfterAssessmentId: "primary" },
  openLabel: [
    {
      id: "crossover",
      label: "Open-label crossover of the 40 mg group: 3 x 125 + 62.5 mg",
      arms: ["mdma-40"],
      preparatory: prep([91]),
      sessions: openLabelFullDose(OPEN_LABEL_DAYS),
      integration: integrationAfter(OPEN_LABEL_DAYS, [1, 7, 14, 21]),
    },
    {
      id: "extra-session",
      label: "One open-label session for the 100 and 125 mg groups: 125 + 62.5 mg",
      arms: ["mdma-125", "mdma-100"],
      preparatory: prep([147]),
      sessions: openLabelFullDose([154]),
      integration: integrationAfter([154], [1, 7, 14, 21]),
    },
  ],
  provenance: [
    { path: "blinding.placebo", status: "published", source: "40 mg + 20 mg as the comparator dose ('40 mg active placebo'; Ot'alora 2018, MAPS newsletter October 2018)" },
    { path: "blinding.outcomeRater", status: "assumed", source: "'Triple-masked' (trial summary); who rated CAPS is not stated in the text read: an independent rater, as in MP-8, assumed" },
    GUESSES_PROVENANCE,
    { path: "blinding.unblindAfterAssessmentId", status: "published", source: "'Subjects will learn whether they received the comparator or the full dose of MDMA one month after their second experimental session' (NCT01793610 registry record)" },
    { path: "openLabel[0].arms", status: "published", source: "'the low dose group crossed over for three open-label active dose sessions' (Ot'alora 2018, abstract)" },
    { path: "openLabel[0].sessions", status: "assumed", source: "'one of two active doses' (100 or 125 mg; NCT01793610) modelled as 125 + 62.5 mg; days assumed 4 weeks apart from 3 weeks after the primary visit" },
    { path: "openLabel[0].preparatory", status: "published", source: "One preparatory session before the open-label sessions (NCT01793610 registry record); its day (a week before the first session) is assumed" },
    { path: "openLabel[0].integration", status: "assumed", source: "As in the blinded course: the morning after and weekly (consensus protocol)" },
    { path: "openLabel[1].arms", status: "published", source: "'Active dose groups had one additional open-label session' (Ot'alora 2018, abstract)" },
    { path: "openLabel[1].sessions", status: "assumed", source: "Dose 125 + 62.5 mg assumed for both groups; placed on the day of the crossover's third session so that one 12-month visit (fu-12m-ol) comes 12 months after every participant's last MDMA session" },
    { path: "openLabel[1].preparatory", status: "assumed", source: "One preparatory session, as for the crossover" },
    { path: "schedule.assessments[3]", status: "published", source: "Follow-up 12 months after the final MDMA session: 76% (n = 25) no longer met PTSD criteria (Ot'alora 2018, abstract); day 519 = the last open-label session (day 154, assumed) + 365. fu-12m (day 414) keeps its day: 12 months after the last blinded session" },
    { path: "arms", status: "published", source: "125/100/40 mg with half-dose supplementals at 1.5-2.5 h; 13 (12 analysed) / 9 / 6 randomized (Ot'alora 2018; metapsy)" },
    { path: "arms[0].allocation", status: "assumed", source: "Allocation ratio not in the sources read; weights set to the randomized numbers" },
    { path: "schedule.experimental", status: "assumed", source: "Sessions 4 weeks apart (3-5 weeks published); days are a modelling choice" },
    { path: "schedule.assessments", status: "published", source: "Primary 1 month after the 2nd session; 12-month follow-up (Ot'alora 2018)" },
    { path: "schedule.preparatory", status: "assumed", source: "Three 90-min preparatory sessions (consensus protocol)" },
    { path: "schedule.integration", status: "assumed", source: "Integration the morning after and weekly (consensus protocol)" },
    { path: "population.baselineScore", status: "derived", source: "Pooled baseline of the three arms: 93.5 (20.0) n=13, 94.4 (20.2) n=9, 84.8 (8.0) n=6 (metapsy); total SD 18.03" },
    { path: "population.ageYears.mean", status: "derived", source: "Per-arm ages solved from metapsy's pairwise mean_age, weighted by n" },
    { path: "population.percentWomen", status: "derived", source: "Solved from metapsy's pairwise percent_women, weighted by n" },
    { path: "population.ageYears.sd", status: "assumed", source: "Not reported in the sources read" },
    { path: "eligibility.minimumBaselineScore", status: "published", source: "CAPS-IV >= 50 (FACTS.md §B, Phase 2 inclusion)" },
    ...PHASE2_RULES_PROVENANCE,
    ...CAPS_IV_DEFINITION_PROVENANCE,
  ],
};

const phase3: ProtocolInput = {
  id: "phase3",
  title: "Phase 3 style design: three sessions, 80 + 40 mg then 120 + 60 mg, CAPS-5 at 18 weeks (design only)",
  citation: "Design as in Mitchell J.M. et al. (2021). MDMA-assisted therapy for severe PTSD: a randomized, double-blind, placebo-controlled phase 3 study. Nat Med 27:1025-1033. doi:10.1038/s41591-021-01336-3. Only the design is used; Phase 3 outcomes stay out of the calibration.",
  arms: [
    {
      id: "mdma",
      label: "MDMA 80 + 40 mg, then 120 + 60 mg",
      allocation: 1,
      plannedN: 46,
      sessions: [
        { initialMg: 80, supplemental: { mg: 40, offeredAtH: { earliest: 1.5, latest: 2.5 } } },
        { initialMg: 120, supplemental: { mg: 60, offeredAtH: { earliest: 1.5, latest: 2.5 } } },
        { initialMg: 120, supplemental: { mg: 60, offeredAtH: { earliest: 1.5, latest: 2.5 } } },
      ],
    },
    { id: "placebo", label: "Inactive placebo with therapy", allocation: 1, plannedN: 44, sessions: [{ initialMg: 0 }, { initialMg: 0 }, { initialMg: 0 }] },
  ],
  controlArmId: "placebo",
  schedule: {
    preparatory: prep([1, 8, 15]),
    experimental: eightHours([22, 50, 78]),
    integration: integrationAfter([22, 50, 78], [1, 7, 14]),
    assessments: [
      { id: "baseline", day: 0, kind: "baseline", label: "Baseline" },
      { id: "post-s1", day: 43, kind: "post-session", label: "3 weeks after drug session 1" },
      { id: "post-s2", day: 71, kind: "post-session", label: "3 weeks after drug session 2" },
      { id: "primary", day: 126, kind: "primary", label: "18 weeks after baseline" },
    ],
    overnightStay: true,
  },
  sessionRules: {
    ...PHASE2_RULES,
    vitals: { bloodPressureAndHeartRateH: [0, 1.5, 8], temperatureH: [0, 1.5, 8] },
  },
  eligibility: { minimumBaselineScore: 35, minimumAgeYears: 18, exclusions: [...ALL_EXCLUSIONS] },
  population: { baselineScore: { mean: 44, sd: 6 }, ageYears: { mean: 41, sd: 11 }, percentWomen: 65 },
  endpoints: {
    scale: "CAPS-5",
    primaryAssessmentId: "primary",
    response: { kind: "point-reduction", points: 10 },
    lossOfDiagnosis: { belowScore: 26 },
    remission: { maxScore: 11, requireLossOfDiagnosis: true },
  },
  blinding: { placebo: "inactive", outcomeRater: "independent" },
  openLabel: [],
  provenance: [
    { path: "blinding.placebo", status: "published", source: "Inactive placebo with therapy ('randomized, double-blind, placebo-controlled'; Mitchell 2021)" },
    { path: "blinding.outcomeRater", status: "assumed", source: "Blinded independent raters recalled for MAPP1, not verified here; guesses at their defaults" },
    { path: "openLabel", status: "assumed", source: "Design only: no open-label phase is modelled" },
    { path: "arms[0].sessions", status: "published", source: "Session 1: 80 + 40 mg; sessions 2-3: 120 + 60 mg; supplemental at 1.5-2.5 h (MAPP1)" },
    { path: "arms[0].plannedN", status: "published", source: "MAPP1 randomized 46 MDMA / 44 placebo" },
    { path: "schedule.experimental", status: "published", source: "Three sessions about 4 weeks apart (MAPP1); days are a modelling choice" },
    { path: "schedule.assessments", status: "published", source: "Primary endpoint 18 weeks after baseline (MAPP1); other visits assumed" },
    { path: "schedule.integration", status: "assumed", source: "Three 90-min integration sessions after each drug session" },
    { path: "sessionRules.vitals", status: "assumed", source: "Phase 3 monitoring recalled as pre-dose, before the supplemental dose and end of session (FACTS.md §B)" },
    ...PHASE2_RULES_PROVENANCE.filter((p) => p.path !== "sessionRules.vitals"),
    { path: "eligibility.minimumBaselineScore", status: "published", source: "CAPS-5 >= 35 (MAPP1)" },
    { path: "population.baselineScore", status: "assumed", source: "Recalled MAPP1 baseline CAPS-5 about 44 (SD about 6); unverified" },
    { path: "population.ageYears", status: "assumed", source: "Recalled; unverified" },
    { path: "population.percentWomen", status: "assumed", source: "Recalled; unverified" },
    { path: "endpoints.response", status: "published", source: "Clinically meaningful response = >= 10-point reduction on CAPS-5 (Phase 3; PBS summary)" },
    { path: "endpoints.lossOfDiagnosis.belowScore", status: "assumed", source: "CAPS-IV proxy cutoff 45 rescaled to CAPS-5 (45 x 80 / 136 = 26.5, rounded down)" },
    { path: "endpoints.remission", status: "assumed", source: "Loss of diagnosis and total <= 11 (recalled Phase 3 definition)" },
  ],
};

const PRESET_INPUTS: Readonly<Record<PresetId, ProtocolInput>> = { sessa2016, mp1, mp2, mp8, mp12, phase3 };

/** One line per preset: its id, what it describes, and whether its results are Phase 2 calibration targets. */
export const PRESET_INFO: readonly PresetInfo[] = [
  { id: "sessa2016", description: "Consensus protocol (Sessa 2016): 3 x 125 + 62.5 mg vs inactive placebo, 13-week course", phase2Trial: false },
  { id: "mp1", description: "MP-1 (Mithoefer 2011): 2 x 125 + 62.5 mg vs inactive placebo, 12/8, CAPS-IV", phase2Trial: true },
  { id: "mp2", description: "MP-2 (Oehen 2013): 3 x 125 + 62.5 mg vs 25 + 12.5 mg active placebo, 8/4, CAPS-IV", phase2Trial: true },
  { id: "mp8", description: "MP-8 (Mithoefer 2018): 2 x 30, 75 or 125 mg (+ half), 7/7/12, veterans and first responders", phase2Trial: true },
  { id: "mp12", description: "MP-12 (Ot'alora 2018): 2 x 40, 100 or 125 mg (+ half), 6/9/13, CAPS-IV", phase2Trial: true },
  { id: "phase3", description: "Phase 3 style design: 80 + 40 then 2 x 120 + 60 mg vs placebo, CAPS-5 at 18 weeks (design only)", phase2Trial: false },
];

/** Whether a string is one of the preset ids. */
export function isPresetId(id: string): id is PresetId {
  return (PRESET_IDS as readonly string[]).includes(id);
}

/** The preset as written (a fresh copy each call, safe to modify). */
export function presetInput(id: PresetId): ProtocolInput {
  return structuredClone(PRESET_INPUTS[id]);
}

/** A validated preset protocol (a fresh copy each call). */
export function preset(id: PresetId): Protocol {
  return parseProtocol(presetInput(id));
}
