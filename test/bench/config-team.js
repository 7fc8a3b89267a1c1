#!/usr/bin/env node
// Loading .hush.yaml, which every command does first, for a team of 2, 50 and
// 200 users (each with a recipient and an email, as `hush user add` writes
// them): the fast reader (src/formats/yaml/subset-reader.ts) against the yaml
// library alone, each timed on its first call in a fresh process, as a CLI
// start sees it. Best of RUNS. Needs `npm run build` (uses dist/).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, figure } from "./_lib.js";

const RUNS = Number(process.env.HUSH_BENCH_RUNS ?? 7);
const { generateX25519Identity } = await import(join(ROOT, "dist/keys/keygen.js"));
const dir = mkdtempSync(join(tmpdir(), "hush-bench-config-"));

/** Milliseconds of one first call of `fn` (parseHushConfig or parseHushConfigWithLibrary) on `file`, in a fresh process. */
function firstParse(fn, file) {
  const script = `import { readFileSync } from "node:fs";
import { ${fn} } from ${JSON.stringify(join(ROOT, "dist/config/hush-config.js"))};
const text = readFileSync(${JSON.stringify(file)}, "utf8");
const t = performance.now();
const config = ${fn}(text, ${JSON.stringify(file)});
const ms = performance.now() - t;
if (Object.keys(config.users).length === 0) throw new Error("no users read");
console.log(ms);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { PATH: process.env.PATH } });
  if (r.status !== 0) throw new Error(`${fn} failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

try {
  const figures = {};
  for (const users of [2, 50, 200]) {
    const lines = ["# generated for the benchmark", "version: 1", "default_scope: user", "users:"];
    for (let i = 0; i < users; i++) {
      const { recipient } = generateX25519Identity();
      lines.push(`  user${i}:`, `    recipients: [${recipient}]`, `    email: user${i}@example.com`);
    }
    lines.push("shared:", '  readers: ["*"]', "escrow: []", "");
    const file = join(dir, `hush-${users}.yaml`);
    writeFileSync(file, lines.join("\n"));
    const best = (fn) => Math.min(...Array.from({ length: RUNS }, () => firstParse(fn, file)));
    const fast = best("parseHushConfig");
    const library = best("parseHushConfigWithLibrary");
    figures[`users_${users}_fast_ms`] = Number(fast.toFixed(2));
    figures[`users_${users}_library_ms`] = Number(library.toFixed(2));
    figures[`users_${users}_speedup`] = Number((library / fast).toFixed(1));
  }
  figure("config-team", { runs: RUNS, ...figures });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
