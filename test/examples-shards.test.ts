/**
 * The job files in examples/shards (docs/sharding.md) run what they say: the simulate and merge
 * command lines are read out of the Slurm script and the Kubernetes Indexed Job, expanded as the
 * shell would for each task (with fewer trials, and 4 shards instead of 8, to stay small), run
 * through the CLI, and the merged output is compared byte for byte with the single run's.
 */
import { describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, ROOT } from "./helpers/cli.js";

const read = (name: string) => readFileSync(join(ROOT, "examples", "shards", name), "utf8");
const SLURM = read("slurm.sh");
const K8S = read("k8s-indexed-job.yaml");

/** A shell variable assigned on a line of its own: NAME="value" or NAME=value. */
function shellVariable(text: string, name: string): string {
  const m = new RegExp(`^${name}=(?:"([^"$]*)"|([^\\s"$]+))$`, "m").exec(text);
  if (!m) throw new Error(`no ${name}= line`);
  return m[1] ?? m[2]!;
}

/** A container's environment variable: `- name: NAME` then `value: "value"`. */
function containerEnv(text: string, name: string): string {
  const m = new RegExp(`- name: ${name}\\n\\s+value: "([^"$]*)"`).exec(text);
  if (!m) throw new Error(`no env ${name}`);
  return m[1]!;
}

/** The first line running `mdma-trial-sim <command>`: its words from the command on, and the file its output is redirected to. */
function commandLine(text: string, command: string): { words: string[]; target: string | undefined } {
  const line = text.split("\n").find((l) => l.includes(`mdma-trial-sim ${command} `));
  if (!line) throw new Error(`no 'mdma-trial-sim ${command}' line`);
  const words = line.slice(line.indexOf(`mdma-trial-sim ${command} `) + "mdma-trial-sim ".length).trim().split(/\s+/);
  const end = words.findIndex((w) => w === ">" || w === "&&");
  return { words: end < 0 ? words : words.slice(0, end), target: end >= 0 && words[end] === ">" ? words[end + 1] : undefined };
}

/** Expand words as the shell does here: $NAME splits into words, "${NAME}" substitutes, quotes go; an unknown variable throws. */
function expand(words: readonly string[], vars: Readonly<Record<string, string>>): string[] {
  const value = (name: string) => {
    if (!(name in vars)) throw new Error(`unknown variable ${name}`);
    return vars[name]!;
  };
  return words.flatMap((w) => {
    const bare = /^\$(\w+)$/.exec(w);
    if (bare) return value(bare[1]!).split(/\s+/);
    return [w.replace(/^"|"$/g, "").replace(/\$\{(\w+)\}/g, (_m, name: string) => value(name))];
  });
}

/** A shell glob with `*` as a regular expression over file names. */
const globRegExp = (glob: string) => new RegExp(`^${glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);

/** A smaller run: the same arguments with --trials replaced and smaller chunks (so that 4 shards each get some). */
function smaller(args: string, trials: number, chunkSize: number): string {
  expect(args).toMatch(/--trials \d+/);
  expect(args).not.toMatch(/--chunk-size/);
  return `${args.replace(/--trials \d+/, `--trials ${trials}`)} --chunk-size ${chunkSize}`;
}

describe("examples/shards: the job files", () => {
  test("Slurm: 8 array tasks, SHARDS=8; Kubernetes: an Indexed Job of 8 completions, SHARDS \"8\"; the same run in both", () => {
    expect(SLURM).toMatch(/^#SBATCH --array=0-7$/m);
    expect(shellVariable(SLURM, "SHARDS")).toBe("8");
    expect(K8S).toMatch(/^\s+completionMode: Indexed$/m);
    expect(K8S).toMatch(/^\s+completions: 8$/m);
    expect(K8S).toMatch(/^\s+parallelism: 8$/m);
    expect(containerEnv(K8S, "SHARDS")).toBe("8");
    expect(containerEnv(K8S, "RUN_ARGS")).toBe(shellVariable(SLURM, "RUN_ARGS"));
    // The merge waits for as many part files as there are shards.
    expect(K8S).toMatch(/-ge 8 \]/);
  });

  test("4 small shards run by the scripts' own command lines merge into the single run's JSON, byte for byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mdma-trial-sim-example-shards-"));
    const runArgs = smaller(shellVariable(SLURM, "RUN_ARGS"), 60, 10); // 6 chunks: shard 0 holds chunks 0 and 4, shard 1 chunks 1 and 5
    const slurm = commandLine(SLURM, "simulate");
    const k8s = commandLine(K8S, "simulate");
    const slurmMerge = commandLine(SLURM, "merge");
    const k8sMerge = commandLine(K8S, "merge");
    const written: string[] = [];
    for (let k = 0; k < 4; k++) {
      const argv = expand(slurm.words, { RUN_ARGS: runArgs, SLURM_ARRAY_TASK_ID: String(k), SHARDS: "4" });
      // The Kubernetes pod runs the same command for the same index (its file goes to a .tmp name, then is renamed).
      expect(expand(k8s.words, { RUN_ARGS: runArgs, JOB_COMPLETION_INDEX: String(k), SHARDS: "4" })).toEqual(argv);
      expect(argv).toContain(`${k}/4`);
      const r = await cli(...argv);
      expect(r.code, r.err).toBe(0);
      const target = expand([slurm.target!], { SLURM_ARRAY_TASK_ID: String(k) })[0]!;
      expect(expand([k8s.target!], { JOB_COMPLETION_INDEX: String(k) })[0]).toBe(`/${target}.tmp`);
      writeFileSync(join(dir, target.replace("parts/", "")), r.out);
      written.push(target);
    }
    // The merge's glob picks up exactly the part files the shards wrote.
    const slurmGlob = slurmMerge.words.slice(1);
    expect(slurmGlob).toEqual(["parts/part-*.json"]);
    expect(k8sMerge.words.slice(1)).toEqual(["/parts/part-*.json"]);
    expect(written.every((f) => globRegExp(slurmGlob[0]!).test(f))).toBe(true);
    expect(globRegExp(k8sMerge.words[1]!).test("/parts/part-0.json.tmp")).toBe(false);
    const merged = await cli("merge", ...written.map((f) => join(dir, f.replace("parts/", ""))).reverse());
    expect(merged.code, merged.err).toBe(0);
    const single = await cli(...expand(slurm.words.filter((w, i, all) => w !== "--shard" && all[i - 1] !== "--shard"), { RUN_ARGS: runArgs }));
    expect(single.code).toBe(0);
    expect(merged.out).toBe(single.out);
    expect(JSON.parse(merged.out).provenance.trialsCompleted).toBe(60);
  });
});
