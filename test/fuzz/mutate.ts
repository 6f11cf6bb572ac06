/**
 * Mutations of valid inputs for the fuzz suite, as a hostile user would make them: a value set
 * to something of the wrong type, sign or size (NaN, ±Infinity, 1e308, 5e-324, 2^53, huge
 * strings), a field deleted, an array grown to thousands of items, a value nested thousands of
 * levels deep, an unknown or prototype-polluting key added. Everything here is iterative (no
 * recursion), so a mutation never overflows the stack itself.
 */
import fc from "fast-check";

export type MutationOp = "set" | "delete" | "grow-array" | "nest" | "grow-string" | "scale-number" | "add-key";

export interface Mutation {
  /** Which node of the input (index into its paths, modulo their count). */
  readonly at: number;
  readonly op: MutationOp;
  readonly value: unknown;
  /** Size for growing and nesting (items, levels, characters) or the power of ten for scaling. */
  readonly size: number;
  readonly key: string;
}

type Path = readonly (string | number)[];

/** Values no valid input should hold in most places, and a few plausible ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, -0.5, 1e-9, 5e-324, 2 ** 53, 9e15, 1e15, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "mdma", "placebo", "baseline", "primary", "__proto__", "constructor", "\u0000", "e".repeat(3000)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer({ min: -5, max: 200 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<MutationOp>("set", "set", "set", "delete", "grow-array", "nest", "grow-string", "scale-number", "scale-number", "add-key"),
  value: hostileValue,
  size: fc.integer({ min: 2, max: 5000 }),
  key: fc.constantFrom("__proto__", "constructor", "prototype", "extra", "id", "n", "mean"),
});

/** Children of a node as (key, value) pairs, in document order. */
function childrenOf(value: unknown): [string | number, unknown][] {
  if (value === null || typeof value !== "object") return [];
  return Array.isArray(value) ? Array.from(value, (v, i) => [i, v]) : Object.entries(value);
}

/** A path as a linked list from the node up to the root, so that a walk holds O(1) memory per node (whole paths would be O(nodes × depth): gigabytes for thousands of copies of a value nested thousands deep). */
interface PathLink {
  readonly parent: PathLink | null;
  readonly key: string | number;
}

function materialize(link: PathLink | null): Path {
  const path: (string | number)[] = [];
  for (let l = link; l; l = l.parent) path.push(l.key);
  return path.reverse();
}

/** The path to node number `at` (modulo the node count) of `root` in document order (the root itself is node 0), iteratively. */
export function pathAt(root: unknown, at: number): Path {
  const target = at % countNodes(root, Number.POSITIVE_INFINITY);
  const stack: { value: unknown; link: PathLink | null }[] = [{ value: root, link: null }];
  for (let i = 0; stack.length; i++) {
    const { value, link } = stack.pop()!;
    if (i === target) return materialize(link);
    const children = childrenOf(value);
    for (let c = children.length - 1; c >= 0; c--) stack.push({ value: children[c]![1], link: { parent: link, key: children[c]![0] } });
  }
  return [];
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = node?.[k];
    if (next === null || typeof next !== "object") return undefined;
    node = next as Record<string | number, unknown>;
  }
  return node;
}

/** Most nodes a mutated input grows to: well past every input limit (100,000 nodes for a protocol), so limits are exercised, while a run stays within memory. */
export const MAX_MUTATED_NODES = 400_000;

/** Nodes in a value, counting up to `limit` (iterative). */
export function countNodes(value: unknown, limit = MAX_MUTATED_NODES): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length && n <= limit) {
    const v = stack.pop();
    n++;
    if (v && typeof v === "object") stack.push(...Object.values(v));
  }
  return n;
}

/** A deep copy of a JSON-like value, iteratively (structuredClone recurses and overflows the stack on a value nested thousands of levels deep); own keys such as "__proto__" are copied as own keys. */
export function cloneIteratively(value: unknown): unknown {
  const copyOf = (v: unknown): unknown => (v === null || typeof v !== "object" ? v : Array.isArray(v) ? new Array(v.length) : {});
  const root = copyOf(value);
  const stack: { from: unknown; to: unknown }[] = [{ from: value, to: root }];
  while (stack.length) {
    const { from, to } = stack.pop()!;
    if (from === null || typeof from !== "object") continue;
    for (const [key, child] of Object.entries(from)) {
      const copy = copyOf(child);
      Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
      stack.push({ from: child, to: copy });
    }
  }
  return root;
}

function nested(value: unknown, levels: number): unknown {
  let v = value;
  for (let i = 0; i < levels; i++) v = i % 2 ? { x: v } : [v];
  return v;
}

/** The value a mutation puts in place of `old` (undefined for a deletion). */
function mutatedValue(old: unknown, m: Mutation): unknown {
  switch (m.op) {
    case "set":
      return m.value;
    case "grow-array": {
      const item = Array.isArray(old) && old.length > 0 ? old : [m.value];
      // As many copies as fit in the node budget (each copy is as large as the items it copies).
      const size = Math.min(m.size, Math.floor((MAX_MUTATED_NODES * item.length) / countNodes(item)));
      return Array.from({ length: Math.max(1, size) }, (_, i) => cloneIteratively(item[i % item.length]));
    }
    case "nest":
      return nested(old, m.size);
    case "grow-string":
      return typeof old === "string" ? old.repeat(Math.ceil((m.size * 10) / Math.max(1, old.length))) : "x".repeat(m.size * 10);
    case "scale-number":
      return typeof old === "number" ? old * 10 ** ((m.size % 40) - 12) * (m.size % 3 === 0 ? -1 : 1) : m.value;
    default:
      return old;
  }
}

/** Apply one mutation in place (the root itself is replaced only by "set" at path []). */
function applyOne(root: unknown, m: Mutation): unknown {
  const path = pathAt(root, m.at);
  if (path.length === 0) return m.op === "set" ? m.value : root;
  const parent = parentOf(root, path);
  if (!parent) return root;
  const key = path[path.length - 1]!;
  if (m.op === "add-key") {
    const target = parent[key];
    if (target && typeof target === "object" && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  } else if (m.op === "delete") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else parent[key] = mutatedValue(parent[key], m);
  return root;
}

/** A copy of `base` with the mutations applied in order (growth stops once the input holds MAX_MUTATED_NODES nodes). */
export function applyMutations(base: unknown, mutations: readonly Mutation[]): unknown {
  let root = cloneIteratively(base);
  for (const m of mutations) {
    if ((m.op === "grow-array" || m.op === "nest") && countNodes(root) > MAX_MUTATED_NODES / 2) continue;
    root = applyOne(root, m);
  }
  return root;
}

/** Every number in a value (iteratively); for the no-NaN/no-Infinity check of results. */
export function nonFiniteNumbers(value: unknown): number[] {
  const out: number[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "number" && !Number.isFinite(v)) out.push(v);
    else if (v && typeof v === "object" && !seen.has(v)) {
      seen.add(v);
      stack.push(...Object.values(v));
    }
  }
  return out;
}

/** A ValidationError-like issue list is well formed: at least one issue, each with a path, a rule and a message. */
export function wellFormedIssues(issues: readonly { path: unknown; rule: unknown; message: unknown }[]): boolean {
  return issues.length > 0 && issues.every((i) => typeof i.path === "string" && i.path.length > 0 && typeof i.rule === "string" && i.rule.length > 0 && typeof i.message === "string" && i.message.length > 0);
}
