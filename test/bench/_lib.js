// Shared by the benchmark scripts: whole-process timings with hyperfine
// (installed from Debian), and in-process timings with the best of N runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
export const HUSH = join(ROOT, "bin/hush.js");

/**
 * Times commands with hyperfine in one run (so ratios compare like with like).
 * Returns { name: { mean, stddev, min } } in seconds.
 */
export function hyperfine(commands, { runs = 20, warmup = 3, cwd = ROOT, env = process.env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "hush-bench-"));
  const out = join(dir, "h.json");
  const args = ["--runs", String(runs), "--warmup", String(warmup), "--export-json", out, "-N"];
  for (const [name, cmd] of Object.entries(commands)) args.push("-n", name, cmd);
  const r = spawnSync("hyperfine", args, { cwd, env, encoding: "utf8" });
  if (r.status !== 0) {
    // -N (no shell) refuses commands that need one; retry through the shell.
    const shellArgs = args.filter((a) => a !== "-N");
    const r2 = spawnSync("hyperfine", shellArgs, { cwd, env, encoding: "utf8" });
    if (r2.status !== 0) throw new Error(`hyperfine failed: ${r2.stderr || r.stderr}`);
  }
  const data = JSON.parse(readFileSync(out, "utf8"));
  rmSync(dir, { recursive: true, force: true });
  const result = {};
  for (const res of data.results) result[res.command] = { mean: res.mean, stddev: res.stddev, min: res.min };
  return result;
}

/** Best wall time of `runs` calls of an async function, in seconds. */
export async function bestOf(runs, fn) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return best;
}

export function figure(bench, figures) {
  console.log(JSON.stringify({ bench, ...figures }));
}
