#!/usr/bin/env node
// The launch wrapper's start-up overhead (issue 5, target < 1.5x `node -e 0`):
// `hush run --with-secrets -- true` on the example workspace (decrypts the
// default stack's two secrets with the demo key), against `node -e 0`, against
// `hush run -- true` (no secrets), against a bare node script that only spawns
// `true` with piped output as hush does (the floor of any Node launcher), the
// same script loading node:crypto first (the floor of any Node launcher that
// decrypts with Node's crypto), and `dotenvx run -- true` as a peer when
// dotenvx is installed. One hyperfine run, so ratios compare like with like.
// With valgrind installed it also counts instructions (callgrind), a figure
// that does not move with the machine's load. Needs `npm run build`. Prints one JSON line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSH, ROOT, figure, hyperfine } from "./_lib.js";

const workspace = join(ROOT, ".secrets.example");
const home = mkdtempSync(join(tmpdir(), "hush-bench-home-"));
const env = { PATH: process.env.PATH, HOME: home, SOPS_AGE_KEY_FILE: join(workspace, "DEMO-ONLY-age-key.txt") };

// The run must work before it is timed.
const check = spawnSync(process.execPath, [HUSH, "--cwd", workspace, "run", "--with-secrets", "--", "true"], { env, encoding: "utf8" });
if (check.status !== 0) throw new Error(`hush run failed (${check.status}): ${check.stderr}`);

const dotenvx = [
  join(ROOT, "node_modules/.bin/dotenvx"),
  ...String(process.env.PATH)
    .split(":")
    .map((d) => join(d, "dotenvx")),
].find(existsSync);
const node = process.execPath;
const spawnTrue = 'require("node:child_process").spawn("true", [], { stdio: ["inherit", "pipe", "pipe"] }).on("close", (code) => process.exit(code));\n';
const floor = join(home, "spawn-floor.cjs");
writeFileSync(floor, spawnTrue);
const cryptoFloor = join(home, "crypto-spawn-floor.cjs");
writeFileSync(cryptoFloor, `require("node:crypto");\n${spawnTrue}`);
const commands = {
  "node -e 0": `${node} -e 0`,
  "node spawn floor": `${node} ${floor}`,
  "node crypto+spawn floor": `${node} ${cryptoFloor}`,
  "hush run -- true": `${node} ${HUSH} --cwd ${workspace} run -- true`,
  "hush run --with-secrets -- true": `${node} ${HUSH} --cwd ${workspace} run --with-secrets -- true`,
};
if (dotenvx) commands["dotenvx run -- true"] = `${dotenvx} run -f ${join(workspace, ".env.hush")} -- true`;

const t = hyperfine(commands, { runs: 30, warmup: 3, cwd: workspace, env });
const instructions = hasValgrind() ? countInstructions() : undefined;
rmSync(home, { recursive: true, force: true });
const ms = (name) => (t[name] ? Number((t[name].mean * 1000).toFixed(1)) : null);
figure("run-overhead", {
  node_ms: ms("node -e 0"),
  node_spawn_floor_ms: ms("node spawn floor"),
  node_crypto_spawn_floor_ms: ms("node crypto+spawn floor"),
  hush_run_no_secrets_ms: ms("hush run -- true"),
  hush_run_with_secrets_ms: ms("hush run --with-secrets -- true"),
  dotenvx_run_ms: ms("dotenvx run -- true"),
  ratio_with_secrets_over_node: Number((t["hush run --with-secrets -- true"].mean / t["node -e 0"].mean).toFixed(2)),
  ratio_floor_over_node: Number((t["node spawn floor"].mean / t["node -e 0"].mean).toFixed(2)),
  ratio_crypto_floor_over_node: Number((t["node crypto+spawn floor"].mean / t["node -e 0"].mean).toFixed(2)),
  ratio_no_secrets_over_node: Number((t["hush run -- true"].mean / t["node -e 0"].mean).toFixed(2)),
  target_ratio: 1.5,
  dotenvx: dotenvx ? "installed" : "not installed (no network here: peer not measured)",
  ...(instructions ?? { instructions: "valgrind not installed: not counted" }),
});

function hasValgrind() {
  return spawnSync("valgrind", ["--version"], { encoding: "utf8" }).status === 0;
}

/** Instructions each command executes (callgrind, one run each: the count moves by ~1% between runs, not with load). */
function countInstructions() {
  const count = (command) => {
    const r = spawnSync("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", ...command.split(" ")], { cwd: workspace, env, encoding: "utf8" });
    const m = /refs:\s+([\d,]+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`callgrind failed on ${command}: ${r.stderr.slice(-300)}`);
    return Number(m[1].replaceAll(",", ""));
  };
  const names = ["node -e 0", "node spawn floor", "node crypto+spawn floor", "hush run --with-secrets -- true"];
  const ir = Object.fromEntries(names.map((name) => [name, count(commands[name])]));
  const over = (name) => Number((ir[name] / ir["node -e 0"]).toFixed(2));
  return {
    instructions_node_millions: Math.round(ir["node -e 0"] / 1e6),
    instructions_hush_run_millions: Math.round(ir["hush run --with-secrets -- true"] / 1e6),
    instructions_ratio_with_secrets_over_node: over("hush run --with-secrets -- true"),
    instructions_ratio_floor_over_node: over("node spawn floor"),
    instructions_ratio_crypto_floor_over_node: over("node crypto+spawn floor"),
  };
}
