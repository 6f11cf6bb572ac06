#!/usr/bin/env node
// Top functions of a V8 CPU profile by self time: `node bench/top.mjs FILE.cpuprofile [n]`.
// Prints a Markdown table (function, file:line, self %, total %).
import { readFileSync } from "node:fs";
const [file, nArg = "15"] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfTicks = new Map();
for (const id of prof.samples) selfTicks.set(id, (selfTicks.get(id) ?? 0) + 1);
const total = prof.samples.length;
const keyOf = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.split("/").slice(-1)[0]}:${f.lineNumber + 1}` : "";
  return `${f.functionName || "(anonymous)"}|${where}`;
};
const self = new Map();
const inclusive = new Map();
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
for (const [id, ticks] of selfTicks) {
  const n = byId.get(id);
  self.set(keyOf(n), (self.get(keyOf(n)) ?? 0) + ticks);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + ticks);
  }
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(nArg));
console.log("| function | where | self % | total % |");
console.log("| --- | --- | ---: | ---: |");
for (const [k, t] of rows) {
  const [name, where] = k.split("|");
  console.log(`| ${name} | ${where} | ${((100 * t) / total).toFixed(1)} | ${((100 * (inclusive.get(k) ?? 0)) / total).toFixed(1)} |`);
}
