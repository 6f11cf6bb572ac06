export { Rng, createRoot, childSeed, deriveRoot, seedIssues, stream, streamFromSeed } from "./rng.js";
export type { Seed, BaseSeed, KeyPart, StreamKey, StreamRoot, AleaState } from "./rng.js";
export {
  standardNormal,
  normal,
  logNormal,
  truncatedNormal,
  exponential,
  gamma,
  beta,
  weibull,
  bernoulli,
  binomial,
  categorical,
  uniform,
  shuffleInPlace,
} from "./samplers.js";
export type { Sampler } from "./samplers.js";
