export { PARAMETER_TABLE } from "./table.js";
export type { ParameterEntry, ParameterKey, ParameterStatus, Parameters } from "./table.js";
export { defaultParameters } from "./defaults.js";
export { resolveParameters, parameterTable, formatParameterTable } from "./resolve.js";
export type { ParameterOverrides } from "./resolve.js";
