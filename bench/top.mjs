#!/usr/bin/env node
// Top functions of a V8 CPU profile by self time, as a Markdown table (function, file:line,
// self %, total %): `node bench/top.mjs FILE.cpuprofile [n]`, or topFunctions() from bench/run.mjs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function topFunctions(file, n = 15) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const ticksOf = new Map();
  for (const id of prof.samples) ticksOf.set(id, (ticksOf.get(id) ?? 0) + 1);
  const keyOf = (node) => {
    const f = node.callFrame;
    const where = f.url ? `${f.url.split("/").slice(-1)[0]}:${f.lineNumber + 1}` : "";
    return `${f.functionName || "(anonymous)"}|${where}`;
  };
  const self = new Map();
  const inclusive = new Map();
  for (const [id, ticks] of ticksOf) {
    const key = keyOf(byId.get(id));
    self.set(key, (self.get(key) ?? 0) + ticks);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ticks);
    }
  }
  const total = prof.samples.length;
  const pct = (t) => ((100 * t) / total).toFixed(1);
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    "| function | where | self % | total % |",
    "| --- | --- | ---: | ---: |",
    ...rows.map(([k, t]) => {
      const [name, where] = k.split("|");
      return `| ${name} | ${where} | ${pct(t)} | ${pct(inclusive.get(k) ?? 0)} |`;
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, n = "15"] = process.argv.slice(2);
  console.log(topFunctions(file, Number(n)).join("\n"));
}
