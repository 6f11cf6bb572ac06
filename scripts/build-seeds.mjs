#!/usr/bin/env node
// Builds seeds/phase2-targets.json from the Metapsy extract in seeds/source/.
//
//   node scripts/build-seeds.mjs          # rewrite the JSON
//   node scripts/build-seeds.mjs --check  # exit 1 if the committed JSON differs
//
// The arm-level figures come from the CSV (Metapsy project, data-ptsd-mdmactr, ODC-By 1.0).
// What the CSV does not hold (designs, the MP-1 long-term follow-up) is written below with
// its source. The test suite runs buildTargets() and compares it with the committed file.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
export const CSV_PATH = join(root, "seeds/source/metapsy-mdma-ptsd-phase2.csv");
export const JSON_PATH = join(root, "seeds/phase2-targets.json");

export const ATTRIBUTION = "Metapsy project, data-ptsd-mdmactr, https://github.com/metapsy-project/data-ptsd-mdmactr, ODC-By 1.0";

/** Parse the `;`-separated, `,`-decimal CSV into objects with numbers where numbers are. */
export function parseMetapsyCsv(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(";");
  return lines.map((line) => {
    const cells = line.split(";");
    if (cells.length !== cols.length) throw new Error(`row has ${cells.length} cells, header has ${cols.length}: ${line.slice(0, 60)}`);
    const row = {};
    cols.forEach((c, i) => {
      const v = cells[i];
      if (v === "NA") row[c] = null;
      else if (/^-?\d+(,\d+)?$/.test(v)) row[c] = Number(v.replace(",", "."));
      else row[c] = v;
    });
    return row;
  });
}

// Design facts per trial (FACTS.md §A1). Arm ids match the presets in src/protocol/presets.ts.
const TRIALS = {
  "Mithoefer 2011": {
    id: "mp1",
    presetId: "mp1",
    shortName: "MP-1",
    arms: { "": "mdma", pcb: "placebo" },
    armInfo: {
      mdma: { label: "MDMA 125 mg + 62.5 mg", initialMg: 125, supplementalMg: 62.5 },
      placebo: { label: "Inactive placebo", initialMg: 0, supplementalMg: 0 },
    },
    timepoints: {
      "3-5 days after first experimental session": { id: "post-s1", sessionsCompleted: 1 },
      "3-5 days after second experimental session": { id: "post-s2", sessionsCompleted: 2 },
      "2 months after second experimental session": { id: "primary", sessionsCompleted: 2 },
    },
    sdFromSe: true,
    remissionMeaning: "Coded 'remission' by metapsy with the same counts as response (10/12 vs 2/8); Sessa 2016 reports '85% vs 15% no longer met criteria'. Treated as loss of diagnosis, with that uncertainty.",
  },
  "Oehen 2013": {
    id: "mp2",
    presetId: "mp2",
    shortName: "MP-2",
    arms: { "125 mg": "mdma-125", "25 mg": "active-placebo-25" },
    armInfo: {
      "mdma-125": { label: "MDMA 125 mg + 62.5 mg", initialMg: 125, supplementalMg: 62.5 },
      "active-placebo-25": { label: "Active placebo 25 mg + 12.5 mg", initialMg: 25, supplementalMg: 12.5 },
    },
    timepoints: {
      "3 weeks after second dose": { id: "post-s2", sessionsCompleted: 2 },
      "3 weeks after third dose": { id: "primary", sessionsCompleted: 3 },
    },
    sdFromSe: false,
    notes: {
      "primary|active-placebo-25|change": "Inconsistent with the endpoint record: baseline 63.4 and endpoint 66.5 imply a change of +3.1, not -3.2. One of the two carries a sign or transcription error; the sources read do not say which.",
      "primary|active-placebo-25|endpoint": "Inconsistent with the change record (-3.2): baseline 63.4 and endpoint 66.5 imply +3.1.",
    },
  },
  "Mithoefer 2018": {
    id: "mp8",
    presetId: "mp8",
    shortName: "MP-8",
    arms: { "125 mg": "mdma-125", "75 mg": "mdma-75", "30 mg": "mdma-30" },
    armInfo: {
      "mdma-125": { label: "MDMA 125 mg + 62.5 mg", initialMg: 125, supplementalMg: 62.5 },
      "mdma-75": { label: "MDMA 75 mg + 37.5 mg", initialMg: 75, supplementalMg: 37.5 },
      "mdma-30": { label: "MDMA 30 mg + 15 mg", initialMg: 30, supplementalMg: 15 },
    },
    timepoints: {
      "Month 1 after second experimental session": { id: "primary", sessionsCompleted: 2 },
      // 12 months after the last MDMA session, which for every arm is the last open-label one (preset mp8: day 519).
      "Month 12": { id: "fu-12m-ol", sessionsCompleted: 2 },
    },
    sdFromSe: false,
    remissionMeaning: "metapsy 'remission'; probably no longer meeting CAPS-IV diagnostic criteria (recalled, FACTS.md §A4).",
  },
  "Ot'alora 2018": {
    id: "mp12",
    presetId: "mp12",
    shortName: "MP-12",
    arms: { "125 mg": "mdma-125", "100 mg": "mdma-100", "40 mg": "mdma-40" },
    armInfo: {
      "mdma-125": { label: "MDMA 125 mg + 62.5 mg", initialMg: 125, supplementalMg: 62.5 },
      "mdma-100": { label: "MDMA 100 mg + 50 mg", initialMg: 100, supplementalMg: 50 },
      "mdma-40": { label: "MDMA 40 mg + 20 mg", initialMg: 40, supplementalMg: 20 },
    },
    timepoints: {
      "1 month after 2 sessions": { id: "primary", sessionsCompleted: 2 },
    },
    sdFromSe: false,
    remissionMeaning: "metapsy 'remission'; probably no longer meeting CAPS-IV diagnostic criteria (recalled, FACTS.md §A4).",
  },
};

const round = (x, digits = 6) => (x === null ? null : Number(x.toFixed(digits)));

export function buildTargets(csvText) {
  const rows = parseMetapsyCsv(csvText).filter((r) => r.instrument === "caps-iv");
  const trials = [];
  for (const [study, info] of Object.entries(TRIALS)) {
    const studyRows = rows.filter((r) => r.study === study);
    if (studyRows.length === 0) throw new Error(`no rows for ${study}`);
    const armId = (multi, condition) => {
      const key = condition === "pcb" ? "pcb" : multi ?? "";
      const id = info.arms[key];
      if (!id) throw new Error(`${study}: unknown arm ${multi}/${condition}`);
      return id;
    };
    const arms = new Map();
    const outcomes = new Map();
    const timepoints = new Map();
    for (const r of studyRows) {
      const tp = info.timepoints[r.study_time_point];
      if (!tp) throw new Error(`${study}: unmapped time point "${r.study_time_point}"`);
      if (!timepoints.has(tp.id)) {
        timepoints.set(tp.id, {
          id: tp.id,
          label: r.study_time_point,
          sessionsCompleted: tp.sessionsCompleted,
          metapsyTimeDays: r.time_days,
          primary: r.primary_timepoint === 1,
          postCrossover: r.post_crossover === 1,
        });
      }
      for (const side of ["1", "2"]) {
        const arm = armId(r[`multi_arm${side}`], r[`condition_arm${side}`]);
        if (!arms.has(arm) && r[`baseline_m_arm${side}`] !== null) {
          arms.set(arm, {
            id: arm,
            ...info.armInfo[arm],
            baseline: {
              n: r[`baseline_n_arm${side}`],
              mean: r[`baseline_m_arm${side}`],
              sd: round(r[`baseline_sd_arm${side}`]),
              sdFromSe: info.sdFromSe,
            },
          });
        }
        const put = (measure, value) => {
          const key = `${tp.id}|${arm}|${measure}`;
          const prev = outcomes.get(key);
          if (prev && JSON.stringify(prev) !== JSON.stringify(value)) throw new Error(`${study}: conflicting ${key}`);
          outcomes.set(key, value);
        };
        const base = { timepoint: tp.id, arm };
        if (r.outcome_type === "msd") {
          put("endpoint", { ...base, measure: "endpoint", n: r[`n_arm${side}`], mean: r[`mean_arm${side}`], sd: round(r[`sd_arm${side}`]), sdFromSe: info.sdFromSe });
        } else if (r.outcome_type === "change") {
          put("change", { ...base, measure: "change", n: r[`n_change_arm${side}`], mean: r[`mean_change_arm${side}`], sd: round(r[`sd_change_arm${side}`]), sdFromSe: false });
        } else if (r.outcome_type === "response") {
          put("response", { ...base, measure: "response", events: r[`event_arm${side}`], n: r[`totaln_arm${side}`] });
        } else if (r.outcome_type === "remission") {
          put("loss-of-diagnosis", { ...base, measure: "loss-of-diagnosis", events: r[`event_arm${side}`], n: r[`totaln_arm${side}`], metapsyOutcome: "remission", note: info.remissionMeaning });
        } else throw new Error(`${study}: unknown outcome_type ${r.outcome_type}`);
      }
    }
    // Consistency notes found while checking the data against itself (see test/seeds.test.ts).
    for (const [key, note] of Object.entries(info.notes ?? {})) {
      const o = outcomes.get(key);
      if (!o) throw new Error(`${study}: note for missing outcome ${key}`);
      o.note = note;
    }
    const first = studyRows[0];
    const armOrder = Object.values(info.arms);
    const tpOrder = Object.values(info.timepoints).map((t) => t.id);
    const measureOrder = ["endpoint", "change", "response", "loss-of-diagnosis"];
    trials.push({
      id: info.id,
      presetId: info.presetId,
      name: info.shortName,
      study,
      citation: first.full_ref,
      doi: first.doi,
      registration: first.registration_number,
      scale: "CAPS-IV",
      blindedSessions: Math.max(...Object.values(info.timepoints).map((t) => t.sessionsCompleted)),
      arms: armOrder.map((a) => arms.get(a)),
      timepoints: tpOrder.map((t) => timepoints.get(t)),
      outcomes: [...outcomes.values()].sort(
        (a, b) =>
          tpOrder.indexOf(a.timepoint) - tpOrder.indexOf(b.timepoint) ||
          armOrder.indexOf(a.arm) - armOrder.indexOf(b.arm) ||
          measureOrder.indexOf(a.measure) - measureOrder.indexOf(b.measure),
      ),
    });
  }
  return {
    schemaVersion: 1,
    description:
      "Arm-level Phase 2 results of randomized trials of MDMA-assisted therapy for PTSD (CAPS-IV), the targets the model is calibrated to, plus the long-term follow-up figures.",
    attribution: ATTRIBUTION,
    license: "ODC-By-1.0",
    source: {
      dataset: "https://github.com/metapsy-project/data-ptsd-mdmactr",
      file: "data.csv",
      commit: "ee61670",
      lastSearch: "2025-11-25",
      extract: "seeds/source/metapsy-mdma-ptsd-phase2.csv",
      builtBy: "scripts/build-seeds.mjs",
    },
    caveats: [
      "Mithoefer 2011 (MP-1) reported mean (SE); metapsy's SDs are SE x sqrt(n) (for example 22.863 / sqrt(12) = 6.60). Records built that way carry sdFromSe: true.",
      "'Response' and 'remission' mean different things in different trials: see each loss-of-diagnosis record's note.",
      "MP-2's 25 mg arm at the primary time point has an endpoint mean (66.5) above its baseline (63.4) but a negative change (-3.2): see the notes on those two records.",
      "Records at fu-12m-ol in MP-8 come after the open-label crossover (postCrossover: true): not randomized comparisons, but the simulator runs the crossover as the trial did (the preset's openLabel phases), so the calibration uses them.",
      "The pooled Phase 2 analysis (Mithoefer 2019) and the pooled follow-up (Jerome 2020) carry a retraction notice on PMC; neither is used here.",
      "Phase 3 outcomes are deliberately absent, so that the library's forecasts for them remain an out-of-sample check.",
    ],
    trials,
    followUp: [
      {
        id: "mp1-ltfu",
        trial: "mp1",
        kind: "relapse",
        description: "MP-1 long-term follow-up: of 19 participants who received MDMA (including placebo crossovers), 16 completed CAPS 17-74 months (mean 45.4, SD 17.3) after their last MDMA session; two had relapsed; mean CAPS 23.7 (SD 22.8) vs 24.6 (SD 18.6) at study exit, paired t = 0.1, df = 15, p = 0.91.",
        nTreated: 19,
        nAssessed: 16,
        relapses: 2,
        monthsSinceLastSession: { mean: 45.4, sd: 17.3, min: 17, max: 74 },
        capsAtExit: { mean: 24.6, sd: 18.6 },
        capsAtFollowUp: { mean: 23.7, sd: 22.8 },
        pairedTest: { t: 0.1, df: 15, p: 0.91 },
        source: "Mithoefer M.C. et al. (2013). J Psychopharmacol 27(1):28-39, doi:10.1177/0269881112456611 (abstract); news summary in seeds/004",
        status: "published",
      },
      {
        id: "mp8-12m-qualitative",
        trial: "mp8",
        kind: "response-maintained",
        description: "MP-8 qualitative follow-up: at one year, 15 of the 19 participants interviewed had a reduction of more than 30% in CAPS (after the open-label crossover).",
        nAssessed: 19,
        events: 15,
        source: "Barone W. et al. (2019), J Psychoactive Drugs; PsyPost articles in seeds/000 and seeds/001",
        status: "published",
      },
    ],
  };
}

export function renderTargets(targets) {
  return `${JSON.stringify(targets, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = renderTargets(buildTargets(readFileSync(CSV_PATH, "utf8")));
  if (process.argv.includes("--check")) {
    const current = readFileSync(JSON_PATH, "utf8");
    if (current !== text) {
      console.error("seeds/phase2-targets.json is out of date: run node scripts/build-seeds.mjs");
      process.exit(1);
    }
    console.log("seeds/phase2-targets.json is up to date");
  } else {
    writeFileSync(JSON_PATH, text);
    console.log(`wrote ${JSON_PATH}`);
  }
}
