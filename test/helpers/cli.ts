import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/main.js";

export async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DIST_CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** Run the built CLI as a user would (npm test builds first). */
export function builtCli(args: string[], options: { cwd?: string } = {}) {
  if (!existsSync(DIST_CLI)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does it for you)");
  const r = spawnSync(process.execPath, [DIST_CLI, ...args], { encoding: "utf8", cwd: options.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
