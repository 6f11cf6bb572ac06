import { describe, expect, test } from "vitest";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { Rng, createRoot, childSeed, seedIssues, stream, streamFromSeed, ValidationError } from "../../src/engine.js";
import { streamPrefix } from "../../src/random/rng.js";

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.uniform());

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe("Rng is Alea exactly as seedrandom implements it", () => {
  test.each(["hello", "42", "", "a much longer seed string with spaces"])("seed %j: 10,000 doubles identical bit for bit", (seed) => {
    const reference = seedrandom.alea(seed, { state: true });
    const ours = new Rng((seedrandom.alea(seed, { state: true }) as unknown as { state(): never }).state());
    for (let i = 0; i < 10_000; i++) expect(ours.uniform()).toBe(reference.double());
  });
  test("next32 is Alea's native output", () => {
    const reference = seedrandom.alea("x", { state: true });
    const ours = new Rng((seedrandom.alea("x", { state: true }) as unknown as { state(): never }).state());
    for (let i = 0; i < 1000; i++) expect(ours.next32()).toBe(reference());
  });
  test("uniform() has 53 random bits and stays in [0, 1)", () => {
    const rng = streamFromSeed(1, ["bits"]);
    let fractionalLowBits = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = rng.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      // With 53 bits, u * 2^53 is an integer; with only 32 bits u * 2^32 would be.
      expect(Number.isInteger(u * 2 ** 53)).toBe(true);
      if (!Number.isInteger(u * 2 ** 32)) fractionalLowBits++;
    }
    expect(fractionalLowBits).toBeGreaterThan(9_990);
  });
  test("state() and clone() resume the stream", () => {
    const a = streamFromSeed(5, ["resume"]);
    draws(a, 17);
    const b = new Rng(a.state());
    const c = a.clone();
    const next = draws(a, 50);
    expect(draws(b, 50)).toEqual(next);
    expect(draws(c, 50)).toEqual(next);
  });
});

describe("named streams", () => {
  test("the same (seed, key) gives the same sequence", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.array(fc.oneof(fc.string(), fc.integer({ min: -1e9, max: 1e9 })), { maxLength: 6 }), (seed, key) => {
        expect(draws(streamFromSeed(seed, key), 20)).toEqual(draws(streamFromSeed(seed, key), 20));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
  test("a root seed hashes once; a stream from the root equals one from the seed", () => {
    const root = createRoot("study-7");
    expect(draws(stream(root, ["trial", 3]), 10)).toEqual(draws(streamFromSeed("study-7", ["trial", 3]), 10));
  });
  test("keys are structured: no collisions between look-alike keys", () => {
    const root = createRoot(1);
    const first = (key: (string | number)[]) => stream(root, key).uniform();
    const lookAlikes: (string | number)[][] = [["ab", "c"], ["a", "bc"], ["abc"], [1], ["1"], [1, 0], [10], [-1], ["trial", 1, "participant", 12], ["trial", 11, "participant", 2], ["trial", 1, "participant", 1, 2], []];
    const values = lookAlikes.map(first);
    expect(new Set(values).size).toBe(values.length);
    expect(streamFromSeed(1, []).uniform()).not.toBe(streamFromSeed("1", []).uniform());
  });
  test("neighbouring keys give uncorrelated sequences (|r| < 4.5 / sqrt(n))", () => {
    const n = 20_000;
    const root = createRoot(2026);
    const base = draws(stream(root, ["trial", 0]), n);
    const bound = 4.5 / Math.sqrt(n);
    for (const key of [["trial", 1], ["trial", 2], ["trial", 1000], ["trial", 0, "pk"], ["trial", -0 + 0, "x"]]) {
      expect(Math.abs(correlation(base, draws(stream(root, key), n)))).toBeLessThan(bound);
    }
    // Lagged: a stream against itself shifted by one.
    const s = draws(stream(root, ["lag"]), n + 1);
    expect(Math.abs(correlation(s.slice(0, n), s.slice(1)))).toBeLessThan(bound);
  });
  test("first draws across 10,000 consecutive keys are uniform (Kolmogorov-Smirnov)", () => {
    const root = createRoot(99);
    const firsts = Array.from({ length: 10_000 }, (_, i) => stream(root, ["participant", i]).uniform()).sort((a, b) => a - b);
    let d = 0;
    firsts.forEach((u, i) => {
      d = Math.max(d, Math.abs((i + 1) / firsts.length - u), Math.abs(u - i / firsts.length));
    });
    // P(sqrt(n) D > 1.95) = 0.001 under uniformity.
    expect(Math.sqrt(firsts.length) * d).toBeLessThan(1.95);
  });
  test("a prefix hashed once, then extended, gives the streams of the full keys, number for number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.array(fc.oneof(fc.string(), fc.integer({ min: -1e9, max: 1e9 })), { minLength: 1, maxLength: 7 }), fc.nat(), fc.nat(), (seed, key, a, b) => {
        const root = createRoot(seed);
        const cut = a % key.length;
        const prefix = streamPrefix(root, key.length, key.slice(0, cut));
        expect(draws(prefix.stream(...key.slice(cut)), 5)).toEqual(draws(stream(root, key), 5));
        const second = cut + (b % (key.length - cut));
        expect(draws(prefix.extend(...key.slice(cut, second)).stream(...key.slice(second)), 5)).toEqual(draws(stream(root, key), 5));
      }),
      { numRuns: 300, seed: 12 },
    );
  });
  test("a prefix refuses keys of another length", () => {
    const prefix = streamPrefix(createRoot(1), 3, ["trial", 1]);
    expect(() => prefix.stream()).toThrow(RangeError);
    expect(() => prefix.stream("a", "b")).toThrow(RangeError);
    expect(() => prefix.extend("a")).toThrow(RangeError);
    expect(() => streamPrefix(createRoot(1), 2, ["a", "b"])).toThrow(RangeError);
  });
  test("seeds must be safe integers or strings", () => {
    expect(() => createRoot(1.5)).toThrow(/safe integer/);
    expect(() => createRoot(Number.NaN)).toThrow(/safe integer/);
    expect(() => stream(createRoot(1), [0.5])).toThrow(/safe integers/);
  });
});

describe("typed seeds (issue 10: seeds never built by string concatenation)", () => {
  const first = (seed: Parameters<typeof createRoot>[0]) => stream(createRoot(seed), ["x"]).uniform();
  test("7, \"7\", [7], [\"7\"], [7, \"mcmc\"] and \"7:mcmc\" are six different seeds", () => {
    const values = [first(7), first("7"), first([7]), first(["7"]), first([7, "mcmc"]), first("7:mcmc")];
    expect(new Set(values).size).toBe(6);
  });
  test("childSeed extends a seed path and replays", () => {
    expect(childSeed(7, "fit", "mp1")).toEqual([7, "fit", "mp1"]);
    expect(childSeed([7, "fit"], "mp1")).toEqual([7, "fit", "mp1"]);
    expect(first(childSeed([7, "fit"], "mp1"))).toBe(first([7, "fit", "mp1"]));
  });
  test("a bad seed is one ValidationError naming it, not a RangeError", () => {
    for (const bad of [Number.NaN, 1.5, {}, [], [1, 2.5]] as unknown[]) {
      expect(() => createRoot(bad as number)).toThrow(ValidationError);
    }
    expect(seedIssues([1, 2.5], "options.seed")).toEqual([{ path: "options.seed[1]", rule: "key-part", message: "must be a safe integer or a string", received: 2.5 }]);
  });
});
