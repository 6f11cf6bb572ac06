/**
 * Seeded random streams.
 *
 * The generator is Alea (Johannes Baagøe), the algorithm of `seedrandom.alea`, producing 53-bit
 * doubles exactly as `seedrandom.alea(...).double()` does. {@link Rng} holds Alea's state in
 * fields so the hot loop is a few multiplications; a test checks it against `seedrandom` bit
 * for bit.
 *
 * Streams are named, not numbered. A root seed (number or string) is hashed once with Alea's
 * own Mash function (through seedrandom); each stream is then derived from the root and a
 * structured key such as `["trial", 12, "participant", 3, "pk"]` by a 96-bit mixing hash.
 * Adding a draw in one module therefore cannot shift the numbers another module sees, and any
 * trial or participant can be replayed alone from (seed, key).
 */
import seedrandom from "seedrandom";
import { ValidationError, type ValidationIssue } from "../errors.js";

/** One part of a stream's name. Integers identify units (trial 12), strings purposes ("pk"). */
export type KeyPart = string | number;
/** A base seed: a safe integer or a string (7 and "7" are different seeds). */
export type BaseSeed = number | string;
/**
 * A seed: a safe integer, a string, or a base seed followed by the key of a family of streams
 * below it (`[7, "calibration", "fit", "mp1"]`): typed, JSON-serializable, never built by
 * concatenating strings, so distinct seeds never collide.
 */
export type Seed = BaseSeed | readonly [BaseSeed, ...KeyPart[]];
export type StreamKey = readonly KeyPart[];

/** Alea's state: three fractions in [0, 1) with 32 bits each, and the carry. */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

const TWO_POW_M32 = 2.3283064365386963e-10; // 2^-32
const TWO_POW_M53 = 1.1102230246251565e-16; // 2^-53

/**
 * One random stream. Mutable: each call advances it. Pass it explicitly, first argument,
 * to whatever needs randomness; never store one at module level.
 */
export class Rng {
  private c: number;
  private s0: number;
  private s1: number;
  private s2: number;

  constructor(state: AleaState);
  /** @internal Alea's state as four numbers (saves allocating a state object per stream). */
  constructor(c: number, s0: number, s1: number, s2: number);
  constructor(state: AleaState | number, s0 = 0, s1 = 0, s2 = 0) {
    if (typeof state === "number") {
      this.c = state;
      this.s0 = s0;
      this.s1 = s1;
      this.s2 = s2;
    } else {
      this.c = state.c;
      this.s0 = state.s0;
      this.s1 = state.s1;
      this.s2 = state.s2;
    }
  }

  /** Alea's native output: a uniform in [0, 1) with 32 random bits. */
  next32(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  /** A uniform double in [0, 1) with 53 random bits (identical to seedrandom's `.double()`). */
  uniform(): number {
    // Inlined twice for speed; same arithmetic as next32().
    let t = 2091639 * this.s0 + this.c * TWO_POW_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const hi = (this.s2 = t - (this.c = t | 0));
    t = 2091639 * this.s0 + this.c * TWO_POW_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    const lo = (this.s2 = t - (this.c = t | 0));
    return hi + ((lo * 0x200000) | 0) * TWO_POW_M53;
  }

  /** A uniform in (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - this.uniform();
  }

  /** A uniform integer in {0, ..., n - 1}; n must be a positive integer below 2^32. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A copy of the current state, to resume the stream later. */
  state(): AleaState {
    return { c: this.c, s0: this.s0, s1: this.s1, s2: this.s2 };
  }

  clone(): Rng {
    return new Rng(this.state());
  }
}

/**
 * The root of a family of streams. Holds the seed and its 96-bit hash; cheap to copy and
 * JSON-serializable, so it can be sent to worker threads.
 */
export interface StreamRoot {
  readonly seed: Seed;
  readonly lanes: readonly [number, number, number];
}

/** Problems with a seed (empty when it is valid): a safe integer, a string, or [base seed, ...key parts]. */
export function seedIssues(seed: unknown, path = "seed"): ValidationIssue[] {
  const base = (v: unknown, at: string): ValidationIssue[] =>
    (typeof v === "number" && Number.isSafeInteger(v)) || (typeof v === "string" && v.length <= 1000)
      ? []
      : [{ path: at, rule: "seed", message: "must be a safe integer or a string of at most 1000 characters", received: v }];
  if (!Array.isArray(seed)) return base(seed, path);
  if (seed.length === 0 || seed.length > 32) return [{ path, rule: "seed", message: "a seed path must hold a base seed and at most 31 key parts", received: seed }];
  return [
    ...base(seed[0], `${path}[0]`),
    ...seed.slice(1).flatMap((part: unknown, i) =>
      (typeof part === "number" && Number.isSafeInteger(part)) || (typeof part === "string" && part.length <= 1000)
        ? []
        : [{ path: `${path}[${i + 1}]`, rule: "key-part", message: "must be a safe integer or a string", received: part }],
    ),
  ];
}

function normalizeSeed(seed: BaseSeed): string {
  return typeof seed === "number" ? `n:${seed}` : `s:${seed}`;
}

/** Hash a seed into the three 32-bit lanes streams are derived from; a bad seed is a ValidationError. */
export function createRoot(seed: Seed): StreamRoot {
  const issues = seedIssues(seed);
  if (issues.length > 0) throw new ValidationError("seed", issues);
  if (Array.isArray(seed)) {
    const path = seed as readonly [BaseSeed, ...KeyPart[]];
    return { ...deriveRoot(createRoot(path[0]), path.slice(1)), seed };
  }
  const state = (seedrandom.alea(normalizeSeed(seed as BaseSeed), { state: true }) as unknown as { state(): AleaState }).state();
  return {
    seed,
    lanes: [
      Math.round(state.s0 * 4294967296) >>> 0,
      Math.round(state.s1 * 4294967296) >>> 0,
      Math.round(state.s2 * 4294967296) >>> 0,
    ],
  };
}

// MurmurHash3's finalizer: a bijection on 32-bit words with full avalanche.
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Three lanes absorb each 32-bit word with different multipliers, then cross-mix, so the
// 96-bit result depends on every word in every lane.
function absorb(lanes: Uint32Array, word: number): void {
  lanes[0] = fmix32((lanes[0]! ^ word) + 0x9e3779b9);
  lanes[1] = fmix32(Math.imul(lanes[1]! ^ word, 0x85ebca77) + lanes[0]!);
  lanes[2] = fmix32(Math.imul(lanes[2]! + word, 0xc2b2ae3d) ^ lanes[1]!);
}

const TAG_INT = 0x1a2b3c4d;
const TAG_STRING = 0x5e6f7a8b;

function absorbPart(lanes: Uint32Array, part: KeyPart): void {
  if (typeof part === "number") {
    if (!Number.isSafeInteger(part)) throw new RangeError(`stream key numbers must be safe integers, got ${part}`);
    absorb(lanes, TAG_INT);
    const negative = part < 0 ? 1 : 0;
    const abs = Math.abs(part);
    absorb(lanes, abs >>> 0);
    absorb(lanes, (Math.floor(abs / 4294967296) >>> 0) ^ (negative << 31));
  } else {
    absorb(lanes, TAG_STRING);
    absorb(lanes, part.length);
    for (let i = 0; i < part.length; i++) absorb(lanes, part.charCodeAt(i));
  }
}

const scratchLanes = new Uint32Array(3);

/**
 * The stream named `key` under `root`. Same (root seed, key) → same sequence, always; keys
 * that differ anywhere give unrelated sequences.
 *
 * @example
 * const root = createRoot(42);
 * const pk = stream(root, ["trial", 0, "participant", 3, "pk"]);
 * pk.uniform(); // always the same first number for seed 42 and this key
 */
export function stream(root: StreamRoot, key: StreamKey): Rng {
  deriveLanes(root, key);
  return rngFromLanes(scratchLanes);
}

/** Hash (root, key) into scratchLanes. */
function deriveLanes(root: StreamRoot, key: StreamKey): void {
  const lanes = scratchLanes;
  lanes[0] = root.lanes[0];
  lanes[1] = root.lanes[1];
  lanes[2] = root.lanes[2];
  absorb(lanes, key.length);
  for (let i = 0; i < key.length; i++) absorbPart(lanes, key[i]!);
  finishLanes(lanes);
}

/** Two extra rounds so the last word also reaches every lane. */
function finishLanes(lanes: Uint32Array): void {
  absorb(lanes, 0x27d4eb2f);
  absorb(lanes, 0x165667b1);
}

function rngFromLanes(lanes: Uint32Array): Rng {
  return new Rng(1, lanes[0]! * TWO_POW_M32, lanes[1]! * TWO_POW_M32, lanes[2]! * TWO_POW_M32);
}

/**
 * The first parts of a family of stream keys of one length, hashed once. Streams that share a
 * prefix (the purposes of one participant, say) then cost only the hashing of what follows:
 * `streamPrefix(root, 5, ["trial", t, "participant", i]).stream("pk")` is
 * `stream(root, ["trial", t, "participant", i, "pk"])`, number for number.
 */
export class StreamPrefix {
  private readonly l0: number;
  private readonly l1: number;
  private readonly l2: number;

  /** @internal Use streamPrefix. */
  constructor(
    readonly keyLength: number,
    readonly partsHashed: number,
    lanes: ArrayLike<number>,
  ) {
    this.l0 = lanes[0]!;
    this.l1 = lanes[1]!;
    this.l2 = lanes[2]!;
  }

  /** The stream whose key is this prefix followed by `rest` (which must complete the key). */
  stream(...rest: KeyPart[]): Rng {
    if (this.partsHashed + rest.length !== this.keyLength) {
      throw new RangeError(`this prefix names keys of ${this.keyLength} parts; it has ${this.partsHashed}, and ${rest.length} more were given`);
    }
    this.load();
    for (let i = 0; i < rest.length; i++) absorbPart(scratchLanes, rest[i]!);
    finishLanes(scratchLanes);
    return rngFromLanes(scratchLanes);
  }

  /** A longer prefix of the same keys. */
  extend(...more: KeyPart[]): StreamPrefix {
    if (this.partsHashed + more.length >= this.keyLength) throw new RangeError(`a prefix of keys of length ${this.keyLength} cannot hold ${this.partsHashed + more.length} parts`);
    this.load();
    for (let i = 0; i < more.length; i++) absorbPart(scratchLanes, more[i]!);
    return new StreamPrefix(this.keyLength, this.partsHashed + more.length, scratchLanes);
  }

  private load(): void {
    scratchLanes[0] = this.l0;
    scratchLanes[1] = this.l1;
    scratchLanes[2] = this.l2;
  }
}

/** The prefix `parts` of stream keys of `keyLength` parts under `root` (see StreamPrefix). */
export function streamPrefix(root: StreamRoot, keyLength: number, parts: StreamKey): StreamPrefix {
  if (!Number.isSafeInteger(keyLength) || parts.length >= keyLength) throw new RangeError(`a prefix needs fewer parts (${parts.length}) than its keys (${keyLength})`);
  const lanes = scratchLanes;
  lanes[0] = root.lanes[0];
  lanes[1] = root.lanes[1];
  lanes[2] = root.lanes[2];
  absorb(lanes, keyLength);
  for (let i = 0; i < parts.length; i++) absorbPart(lanes, parts[i]!);
  return new StreamPrefix(keyLength, parts.length, lanes);
}

/** The seed of a family of streams below `seed`: `childSeed(7, "fit", "mp1")` is `[7, "fit", "mp1"]`. */
export function childSeed(seed: Seed, ...key: KeyPart[]): Seed {
  return Array.isArray(seed) ? ([...(seed as readonly [BaseSeed, ...KeyPart[]]), ...key] as const) : ([seed as BaseSeed, ...key] as const);
}

const TAG_ROOT = 0x3c6ef372;

/**
 * A root for a family of streams below `key` under `root` (a typed alternative to building a
 * new seed by string concatenation, where seed 7 and seed "7" would collide). Streams under
 * the derived root are unrelated to streams under `root`, including `stream(root, key)`.
 *
 * @example
 * const chains = deriveRoot(createRoot(7), ["calibration", "mcmc", "all"]);
 * const chain0 = stream(chains, ["chain", 0]);
 */
export function deriveRoot(root: StreamRoot, key: StreamKey): StreamRoot {
  deriveLanes(root, key);
  absorb(scratchLanes, TAG_ROOT);
  absorb(scratchLanes, TAG_ROOT);
  return { seed: root.seed, lanes: [scratchLanes[0]!, scratchLanes[1]!, scratchLanes[2]!] };
}

/** Convenience: the stream for `key` under a seed (hashes the seed each call; prefer a root in loops). */
export function streamFromSeed(seed: Seed, key: StreamKey): Rng {
  return stream(createRoot(seed), key);
}
