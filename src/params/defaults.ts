import { PARAMETER_TABLE, type ParameterKey, type Parameters } from "./table.js";

/** The default parameter set (a fresh object each call). */
export function defaultParameters(): Parameters {
  const out = {} as Record<ParameterKey, number>;
  for (const e of PARAMETER_TABLE) out[e.key] = e.value;
  return out;
}
