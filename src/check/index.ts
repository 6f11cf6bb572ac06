export { checkPublished } from "./check.js";
export type { CheckReport, CheckRow, CheckStatus, CheckOptions, SimulationComparison } from "./check.js";
export { PublishedResultSchema } from "./schema.js";
export type { PublishedResultInput, PublishedResult, PublishedArm } from "./schema.js";
export { grimMean, grimPercent, decimalsOf } from "./grim.js";
export type { GrimResult } from "./grim.js";
export { retrodesign } from "./design-analysis.js";
export type { DesignAnalysis } from "./design-analysis.js";
export { formatCheckReport, markdownCheckReport } from "./format.js";
