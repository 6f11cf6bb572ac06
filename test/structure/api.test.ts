/**
 * The public API is a deliberate list. Adding or removing a name from the root entry means
 * editing EXPECTED here; every exported function, class and constant of the root entry (and of
 * the Node entry) carries a TSDoc comment whose first sentence says what it does.
 */
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import * as root from "../../src/index.js";

const EXPECTED_VALUES = [
  // errors and provenance
  "ValidationError", "AbortError", "VERSION", "DISCLAIMER",
  // protocol and presets
  "parseProtocol", "checkProtocol", "PRESET_INFO", "preset", "presetInput", "courseTimeline", "formatTimeline",
  // parameters
  "parameterTable", "formatParameterTable", "resolveParameters", "defaultParameters",
  // one participant
  "simulatePk", "typicalPk", "simulateParticipant",
  // many trials
  "simulateTrials", "simulateTrialsSync", "simulateTrial", "simulateNormalTrials", "powerCurve", "sampleSizeSearch",
  // calibration and forecasts
  "calibrate", "phase2Targets", "parseTargets", "defaultCalibration", "calibrationSummary", "calibratedDraws", "replicationDraws", "forecastTrial",
  // checks of published results
  "checkPublished", "retrodesign", "grimMean",
  // analyses
  "welchTTest", "studentTTest", "welchFromSummary", "studentFromSummary", "ancova", "fisherExact", "riskDifference",
  "standardizedDifference", "powerTTest", "sampleSizeTTest", "powerPropTest", "sampleSizePropTest",
  "wilsonInterval", "clopperPearsonInterval", "fitMmrm", "bangBlindingIndex", "jamesBlindingIndex",
  // pictures and notebooks
  "charts", "withDisplay",
].sort();

const EXPECTED_TYPES = [
  "ValidationIssue", "Seed", "Protocol", "ProtocolInput", "PresetId", "ParameterEntry", "ParameterOverrides", "Parameters",
  "ParticipantOptions", "ParticipantResult", "SessionOutcome", "ProtocolRunSpec", "TrialsRun",
  "RunOptions", "TrialDesignInput", "TrialResult", "TrialsSummary", "PowerPoint", "SampleSizeResult", "CalibrationResult", "CalibrationSummary",
  "TargetSet", "ForecastResult", "CheckReport", "PublishedResultInput", "TTestResult", "AncovaResult", "EffectSize", "MmrmData", "MmrmResult", "BlindingTable", "BlindingIndex",
].sort();

const ROOT_ENTRY = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const NODE_ENTRY = fileURLToPath(new URL("../../src/node/index.ts", import.meta.url));

function program() {
  return ts.createProgram([ROOT_ENTRY, NODE_ENTRY], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, resolveJsonModule: true, noEmit: true });
}

/** Exported symbols of an entry: name, whether it is a type only, and its first TSDoc sentence. */
function exportsOf(p: ts.Program, file: string) {
  const checker = p.getTypeChecker();
  const source = p.getSourceFile(file)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
    const doc = namespaceDoc(s) ?? ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
    return { name: s.getName(), isValue, doc };
  });
}

/** `export * as name from "..."`: the TSDoc written on that export (a module has none of its own). */
function namespaceDoc(s: ts.Symbol): string | undefined {
  const decl = s.declarations?.find(ts.isNamespaceExport);
  if (!decl) return undefined;
  return ts.getJSDocCommentsAndTags(decl.parent).map((d) => (ts.isJSDoc(d) ? (ts.getTextOfJSDocComment(d.comment) ?? "") : "")).join(" ").trim();
}

describe("the public API", () => {
  const p = program();
  const rootExports = exportsOf(p, ROOT_ENTRY);

  test("the root entry exports exactly the curated values (adding one is a deliberate edit here)", () => {
    expect(Object.keys(root).sort()).toEqual(EXPECTED_VALUES);
  });

  test("and exactly the curated types", () => {
    expect(rootExports.filter((e) => !e.isValue).map((e) => e.name).sort()).toEqual(EXPECTED_TYPES);
  });

  test("at most about 80 names in all", () => {
    expect(EXPECTED_VALUES.length + EXPECTED_TYPES.length).toBeLessThanOrEqual(86);
  });

  test("every exported value of the root and Node entries has TSDoc whose first sentence ends with a full stop", () => {
    const undocumented = [...rootExports, ...exportsOf(p, NODE_ENTRY)]
      .filter((e) => e.isValue)
      .filter((e) => !/^[\s\S]+?[.:](\s|$)/.test(e.doc))
      .map((e) => e.name);
    expect([...new Set(undocumented)].sort()).toEqual([]);
  });
});
