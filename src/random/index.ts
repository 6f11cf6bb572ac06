export { Rng, createRoot, stream, streamFromSeed } from "./rng.js";
export type { Seed, KeyPart, StreamKey, StreamRoot, AleaState } from "./rng.js";
export {
  standardNormal,
  normal,
  logNormal,
  truncatedNormal,
  exponential,
  weibull,
  bernoulli,
  binomial,
  categorical,
  uniform,
  shuffleInPlace,
} from "./samplers.js";
export type { Sampler } from "./samplers.js";
