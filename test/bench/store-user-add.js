#!/usr/bin/env node
// `hush user add` across 1,000 shared secrets: every file gets the new user's
// age entry (data key re-wrapped, values untouched). Whole process, timed on
// fresh copies of the same repository, best and mean of RUNS.
import { spawnSync } from "node:child_process";
import { cpSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSH, figure } from "./_lib.js";

const COUNT = Number(process.env.HUSH_BENCH_SHARED ?? 1_000);
const RUNS = Number(process.env.HUSH_BENCH_RUNS ?? 3);
const ALICE = {
  identity: "AGE-SECRET-KEY-1TEJLCQKR4LPMMHWMHJ77WS9HNC70V7UEEL0TZPKEH9CLKGE4L6AQ39WC38",
  recipient: "age1gp2xhxmaauyuwkyzfkxdq282ufgpwumpefl759xa39phyawemd6szeyn56",
};
const DAVE = {
  identity: "AGE-SECRET-KEY-1S5YUWJQ57GZYRTMNKGR6TNDJ9FHZEDQ7D5YR88RDLKTRR3CZCWLQAPL8JZ",
  recipient: "age1a5975xezq459q4pyxkdn5mnffyd9cz9lcnghmsmma8gdhhw2j4nq8e7akg",
};

const base = mkdtempSync(join(tmpdir(), "hush-bench-useradd-"));
const template = join(base, "template");
const run = (cwd, key, ...args) => {
  const r = spawnSync(process.execPath, [HUSH, ...args], { cwd, env: { PATH: process.env.PATH, HOME: base, SOPS_AGE_KEY: key }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`hush ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
};
try {
  mkdirSync(template);
  writeFileSync(join(template, ".hush.yaml"), `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n`);
  run(template, ALICE.identity, "secret", "create", "secret-0000", "--user=admin", "--password=pw", "--scope", "shared");
  const dir = join(template, "secrets/shared");
  for (let i = 1; i < COUNT; i++) copyFileSync(join(dir, "secret-0000.yaml"), join(dir, `secret-${String(i).padStart(4, "0")}.yaml`));

  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const repo = join(base, `run-${r}`);
    cpSync(template, repo, { recursive: true });
    const before = readFileSync(join(repo, "secrets/shared/secret-0500.yaml"), "utf8");
    const t = process.hrtime.bigint();
    run(repo, ALICE.identity, "user", "add", "dave", DAVE.recipient);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    const after = readFileSync(join(repo, "secrets/shared/secret-0500.yaml"), "utf8");
    const valueLine = (text) => text.split("\n").find((l) => l.startsWith("password:"));
    if (valueLine(before) !== valueLine(after)) throw new Error("user add changed a value's ciphertext");
    const got = JSON.parse(run(repo, DAVE.identity, "secret", "get", "secret-0500", "--reveal", "--json"));
    if (got.values.password !== "pw") throw new Error("dave cannot read a shared secret after user add");
    rmSync(repo, { recursive: true, force: true });
  }
  figure("store-user-add", {
    shared_secrets: COUNT,
    runs: RUNS,
    best_s: Math.min(...times),
    mean_s: times.reduce((a, b) => a + b, 0) / times.length,
    per_file_ms: (Math.min(...times) / COUNT) * 1000,
    command: "hush user add dave age1... (1,000 shared files re-wrapped)",
  });
} finally {
  rmSync(base, { recursive: true, force: true });
}
