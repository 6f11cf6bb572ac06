/**
 * Security posture of the library's own code (issue 12): no code built from strings at run time
 * (eval, new Function, import() of a computed specifier), no network (fetch, XMLHttpRequest,
 * WebSocket, the http/https/http2/net/tls/dgram modules), no child processes, and no
 * Math.random (every random number comes from a seeded stream). This test reads every file
 * under src/ and fails naming each file and line that does any of these. Comments are checked
 * too: a comment that names one of these in code form should be reworded.
 *
 * This covers the library's own code, not its dependencies: zod 4 compiles object parsers with
 * new Function at run time where the engine allows it (from the schemas' own keys, never from
 * input), and vega compiles chart expressions; test/structure/no-codegen.test.ts checks what
 * still works where code generation is refused, and bench/zod-jit.mjs measures zod's interpreter.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs|cjs)$/.test(path) ? [path] : [];
  });
}

const NETWORK_MODULES = "http|https|http2|net|tls|dgram|child_process|cluster|inspector";

/** What the library's source must never contain, each with its reason. */
export const FORBIDDEN: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: "eval", pattern: /(^|[^\w$.])eval\s*\(/ },
  { name: "indirect eval", pattern: /\.\s*eval\s*\(|\[\s*["'`]eval["'`]\s*\]/ },
  { name: "new Function", pattern: /\bnew\s+Function\s*\(/ },
  { name: "Function constructor", pattern: /(^|[^\w$.])Function\s*\(/ },
  { name: "import() of a computed specifier", pattern: /(^|[^\w$.])import\s*\(\s*(?!["'][^"']+["']\s*\))/ },
  { name: "fetch", pattern: /(^|[^\w$])fetch\s*\(/ },
  { name: "XMLHttpRequest", pattern: /\bXMLHttpRequest\b/ },
  { name: "WebSocket", pattern: /\bWebSocket\b/ },
  { name: "network or process module", pattern: new RegExp(`(from|import|require\\()\\s*["'](node:)?(${NETWORK_MODULES})(/[^"']*)?["']`) },
  { name: "Math.random", pattern: /\bMath\s*\.\s*random\b/ },
  { name: "string timer (setTimeout/setInterval with code text)", pattern: /\bset(Timeout|Interval)\s*\(\s*["'`]/ },
];

/** Every forbidden construct in `text`, as "file:line: name: the line". */
export function forbiddenUses(file: string, text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const { name, pattern } of FORBIDDEN) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${name}: ${line.trim()}`);
  });
  return found;
}

describe("source safety", () => {
  test("no file under src/ evaluates strings as code, reaches the network, spawns processes or uses Math.random", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((path) => forbiddenUses(relative(SRC, path), readFileSync(path, "utf8")));
    expect(found, found.join("\n")).toEqual([]);
  });

  test("each pattern catches what it names and lets the allowed forms through", () => {
    const bad = [
      "eval(code)",
      "const f = globalThis.eval(code);",
      'window["eval"](x)',
      'new Function("a", "return a")',
      "const g = Function(body);",
      "await import(specifier)",
      "import(`./${name}.js`)",
      "fetch(url)",
      "new XMLHttpRequest()",
      "new WebSocket(u)",
      'import { request } from "node:https";',
      'import * as net from "net";',
      'import { spawn } from "node:child_process";',
      "const http = require('http');",
      "Math.random()",
      'setTimeout("alert(1)", 10)',
    ];
    for (const line of bad) expect(forbiddenUses("x.ts", line), line).not.toEqual([]);
    const allowed = [
      'modules ??= Promise.all([import("vega"), import("vega-lite")]);',
      'type Vega = typeof import("vega");',
      "const evaluated = evaluate(x); // not eval",
      "isFunction(x)",
      "rng.random()",
      "setTimeout(resolve, 10)",
      'import { readFileSync } from "node:fs";',
      'import { Worker } from "node:worker_threads";',
      "const networkDelay = 1;",
    ];
    for (const line of allowed) expect(forbiddenUses("x.ts", line), line).toEqual([]);
  });
});
