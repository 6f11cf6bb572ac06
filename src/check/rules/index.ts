/**
 * The published-result checks, in the order their rows appear: first each figure against
 * itself (spreads, granularity, the scale, arithmetic), then the recomputed tests, then the
 * result among simulated trials and the design analysis. Each rule is one file, a function of
 * the CheckContext returning rows, testable alone; adding a check is adding a file and a line.
 */
import type { CheckRule } from "../context.js";
import { changeConsistency } from "./change-consistency.js";
import { comparisonPossible } from "./comparison.js";
import { forecastDesignAnalysisRow, pointDesignAnalysisRow } from "./design-analysis.js";
import { effectPlausibility, effectSizeRows } from "./effect-size.js";
import { fisherResponders } from "./fisher.js";
import { grimMeans } from "./grim-mean.js";
import { pMatchesT } from "./p-vs-t.js";
import { countsMatchPercentages, grimPercentages } from "./proportions.js";
import { meansOnScale, sdsWithinScaleBound } from "./scale-range.js";
import { sdFromSe } from "./sd-from-se.js";
import { sdAgreesWithSe } from "./sd-vs-se.js";
import { powerAtPublishedN, simulatedTrialsPlacement } from "./simulated-trials.js";
import { spreadPlausibility } from "./spread.js";
import { tTests } from "./t-tests.js";
import { expectancySensitivity } from "./expectancy-sensitivity.js";

/** Every rule checkPublished runs, in order. */
export const CHECK_RULES: readonly CheckRule[] = [
  // Each figure against itself.
  sdFromSe,
  grimMeans,
  sdAgreesWithSe,
  meansOnScale,
  sdsWithinScaleBound,
  changeConsistency,
  grimPercentages,
  countsMatchPercentages,
  // The recomputed tests.
  comparisonPossible,
  pMatchesT,
  tTests,
  effectSizeRows,
  effectPlausibility,
  fisherResponders,
  // Among simulated trials, and the design analysis.
  simulatedTrialsPlacement,
  powerAtPublishedN,
  spreadPlausibility,
  pointDesignAnalysisRow,
  forecastDesignAnalysisRow,
  // How much of the difference could be expectancy (issue 13 item 6).
  expectancySensitivity,
];

export { changeConsistency, comparisonPossible, forecastDesignAnalysisRow, pointDesignAnalysisRow, effectPlausibility, effectSizeRows, fisherResponders, grimMeans, pMatchesT, countsMatchPercentages, grimPercentages, meansOnScale, sdsWithinScaleBound, sdFromSe, sdAgreesWithSe, powerAtPublishedN, simulatedTrialsPlacement, spreadPlausibility, tTests, expectancySensitivity };
