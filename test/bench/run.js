#!/usr/bin/env node
// `npm run bench`: runs every benchmark script in test/bench (each prints one
// JSON line per figure: {"bench": name, ...figures}), one after the other so
// they do not compete for the two cores, and prints the figures together.
// `npm run bench -- store` runs only the scripts whose name contains "store".
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith(".js") && f !== "run.js" && !f.startsWith("_"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results = [];
for (const script of scripts) {
  process.stderr.write(`bench: ${script} ...\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(dir, script)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stderr.write(`bench: ${script} failed (exit ${r.status})\n`);
    results.push({ bench: script, error: `exit ${r.status}` });
    continue;
  }
  for (const line of r.stdout.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    try {
      results.push({ script, ...JSON.parse(line) });
    } catch {
      /* not a figure line */
    }
  }
  process.stderr.write(`bench: ${script} done in ${seconds} s\n`);
}
for (const r of results) console.log(JSON.stringify(r));
if (results.some((r) => r.error)) process.exitCode = 1;
