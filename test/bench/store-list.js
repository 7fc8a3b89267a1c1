#!/usr/bin/env node
// `hush secret list` over 10,000 secrets (target: under 1 s, whole process).
// One secret per scope is encrypted by hush; the rest are copies under other
// names (a sops file's name is not in its AAD, so copies stay valid files —
// one copy is decrypted below to prove it).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSH, figure, hyperfine } from "./_lib.js";

const TOTAL = Number(process.env.HUSH_BENCH_SECRETS ?? 10_000);
const ALICE = {
  identity: "AGE-SECRET-KEY-1TEJLCQKR4LPMMHWMHJ77WS9HNC70V7UEEL0TZPKEH9CLKGE4L6AQ39WC38",
  recipient: "age1gp2xhxmaauyuwkyzfkxdq282ufgpwumpefl759xa39phyawemd6szeyn56",
};
const CI_RECIPIENT = "age1hfam73f97xewjnydjdexl3drsldtap67j64awrlwpp5u8apap9pqgm2aun";

const root = mkdtempSync(join(tmpdir(), "hush-bench-list-"));
const env = { PATH: process.env.PATH, HOME: root, SOPS_AGE_KEY: ALICE.identity };
try {
  writeFileSync(join(root, ".hush.yaml"), `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  ci: { recipients: [${CI_RECIPIENT}] }\n`);
  const hush = (...args) => {
    const r = spawnSync(process.execPath, [HUSH, ...args], { cwd: root, env, encoding: "utf8", maxBuffer: 256 << 20 });
    if (r.status !== 0) throw new Error(`hush ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  hush("secret", "create", "template", "--user=admin", "--password=pw", "--scope", "shared");
  hush("secret", "create", "template", "--token=tk", "--scope", "user");
  const half = Math.floor(TOTAL / 2);
  const scopes = [
    [join(root, "secrets/shared"), half],
    [join(root, "secrets/users/alice"), TOTAL - half],
  ];
  for (const [dir, count] of scopes) {
    mkdirSync(dir, { recursive: true });
    for (let i = 1; i < count; i++) copyFileSync(join(dir, "template.yaml"), join(dir, `secret-${String(i).padStart(5, "0")}.yaml`));
  }
  const check = JSON.parse(hush("secret", "get", "secret-00042", "--scope", "shared", "--reveal", "--json"));
  if (check.values.password !== "pw") throw new Error("a copied secret did not decrypt");
  const listed = JSON.parse(hush("secret", "list", "--json"));
  if (listed.length !== TOTAL) throw new Error(`listed ${listed.length}, expected ${TOTAL}`);

  const t = hyperfine(
    {
      "secret list": `${process.execPath} ${HUSH} secret list`,
      "secret list --json": `${process.execPath} ${HUSH} secret list --json`,
      "node -e 0": `${process.execPath} -e 0`,
    },
    { cwd: root, env: { PATH: process.env.PATH, HOME: root }, runs: 10, warmup: 2 },
  );
  figure("store-list", {
    secrets: TOTAL,
    mean_s: t["secret list"].mean,
    min_s: t["secret list"].min,
    stddev_s: t["secret list"].stddev,
    json_mean_s: t["secret list --json"].mean,
    node_baseline_mean_s: t["node -e 0"].mean,
    target_s: 1,
    command: "hush secret list (no key in the environment)",
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
