import { ValidationError, type ValidationIssue } from "../errors.js";
import { PARAMETER_TABLE, type ParameterKey, type Parameters, type ParameterEntry } from "./table.js";
import { defaultParameters } from "./defaults.js";
import { formatNumber } from "../format.js";

/**
 * Values for some of the model parameters, by key of the parameter table, each in that parameter's
 * unit: the `parameters` of a run spec or of simulateParticipant's options. resolveParameters
 * checks each against the table's allowed range.
 */
export type ParameterOverrides = Partial<Record<ParameterKey, number>>;

const BY_KEY: ReadonlyMap<string, ParameterEntry> = new Map(PARAMETER_TABLE.map((e) => [e.key, e]));

/**
 * The default parameters with `overrides` applied. Every override is checked at once: unknown
 * keys, non-finite numbers and values outside the table's allowed range are all reported in one
 * ValidationError, with the key as the path.
 */
export function resolveParameters(overrides: unknown = {}, base: Parameters = defaultParameters()): Parameters {
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new ValidationError("parameters", [{ path: "(root)", rule: "type", message: "must be an object of parameter values keyed by name", received: overrides }]);
  }
  const issues: ValidationIssue[] = [];
  const out: Record<string, number> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const entry = BY_KEY.get(key);
    const path = JSON.stringify(key);
    if (!entry) {
      issues.push({ path, rule: "unknown-parameter", message: "is not a model parameter (see `mdma-trial-sim params` for the list)", received: value });
      continue;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      issues.push({ path, rule: "finite", message: "must be a finite number", received: value });
      continue;
    }
    if (value < entry.min || value > entry.max) {
      issues.push({ path, rule: "range", message: `must lie between ${entry.min} and ${entry.max} ${entry.unit}`, received: value });
      continue;
    }
    if (entry.key === "pk.transitCompartments" && !Number.isInteger(value)) {
      issues.push({ path, rule: "integer", message: "must be a whole number of compartments", received: value });
      continue;
    }
    out[key] = value;
  }
  const phenotypes = out["cyp2d6.poorFraction"]! + out["cyp2d6.intermediateFraction"]! + out["cyp2d6.ultrarapidFraction"]!;
  if (phenotypes > 1) {
    issues.push({ path: '"cyp2d6.poorFraction"', rule: "fractions-sum", message: `the poor, intermediate and ultrarapid shares add up to ${phenotypes}, more than 1`, received: out["cyp2d6.poorFraction"] });
  }
  if (issues.length > 0) throw new ValidationError("parameters", issues);
  return out as Parameters;
}

/** The parameter table with the values actually in use (defaults or yours). */
export function parameterTable(params: Parameters = defaultParameters()): (ParameterEntry & { readonly default: number })[] {
  return PARAMETER_TABLE.map((e) => ({ ...e, default: e.value, value: params[e.key] }));
}

/** The table as aligned text: key, value, unit, status, source. */
export function formatParameterTable(params: Parameters = defaultParameters()): string {
  const rows = parameterTable(params).map((e) => [e.key, formatNumber(e.value, 4), e.unit, e.status + (e.calibrated ? " (calibrated)" : ""), e.description, e.source]);
  const header = ["parameter", "value", "unit", "status", "meaning", "source"];
  const widths = [0, 1, 2, 3].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => [...r.slice(0, 4).map((c, i) => c.padEnd(widths[i]!)), `${r[4]}. ${r[5]}`].join("  ");
  return [line(header.slice(0, 4).concat(["meaning", "source"])).replace("meaning. source", "meaning and source"), ...rows.map(line)].join("\n");
}
