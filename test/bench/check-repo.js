#!/usr/bin/env node
// `hush check` at the default level on generated repositories of 1,000 and
// 10,000 secret files (with a tenth as many stack files), whole process, and
// the cost per file of the line scan against a full YAML parse.
// Needs the build (`npm run bench` builds first). Prints JSON figure lines.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSH, ROOT, bestOf, figure, hyperfine } from "./_lib.js";

const RECIPIENTS = [
  "age1gp2xhxmaauyuwkyzfkxdq282ufgpwumpefl759xa39phyawemd6szeyn56",
  "age1a78lrl2e7e5uky25mmqn5eugcayc9wh7n8c67urav4vq6ha0j3nqd34ftx",
  "age1hfam73f97xewjnydjdexl3drsldtap67j64awrlwpp5u8apap9pqgm2aun",
];
const USERS = ["alice", "bob", "ci"];
const b64 = (n, seed) => Buffer.alloc(n, seed).toString("base64");
const enc = (seed) => `ENC[AES256_GCM,data:${b64(24, seed)},iv:${b64(32, seed + 1)},tag:${b64(16, seed + 2)},type:str]`;

/** A secret file as hush writes it: flat keys, one age stanza per recipient, a MAC. */
function secretFile(i, recipients) {
  const lines = [`username: ${enc(i % 251)}`, `password: ${enc((i + 7) % 251)}`, `host: ${enc((i + 13) % 251)}`, "sops:", "    age:"];
  for (const r of recipients) {
    lines.push("        - recipient: " + r, "          enc: |", "            -----BEGIN AGE ENCRYPTED FILE-----");
    for (let k = 0; k < 4; k++) lines.push("            " + b64(48, (i + k) % 251));
    lines.push("            -----END AGE ENCRYPTED FILE-----");
  }
  lines.push('    lastmodified: "2025-01-01T00:00:00Z"', `    mac: ${enc((i + 3) % 251)}`, "    unencrypted_suffix: _unencrypted", "    version: 3.9.4", "");
  return lines.join("\n");
}

/** `secrets` files (half shared, half split among the users' scopes) and secrets/10 stacks of 5 references each. */
function generate(secrets) {
  const dir = mkdtempSync(join(tmpdir(), `hush-bench-check-${secrets}-`));
  const users = USERS.map((u, i) => `  ${u}: { recipients: [${RECIPIENTS[i]}] }`).join("\n");
  writeFileSync(join(dir, ".hush.yaml"), `version: 1\ndefault_scope: user\nusers:\n${users}\nshared:\n  readers: ["*"]\n`);
  mkdirSync(join(dir, "secrets/shared"), { recursive: true });
  for (const u of USERS) mkdirSync(join(dir, "secrets/users", u), { recursive: true });
  mkdirSync(join(dir, "stacks"));
  const names = [];
  for (let i = 0; i < secrets; i++) {
    if (i % 2 === 0) {
      writeFileSync(join(dir, `secrets/shared/s${i}.yaml`), secretFile(i, RECIPIENTS));
      names.push(`s${i}`);
    } else {
      const u = USERS[i % 3];
      writeFileSync(join(dir, `secrets/users/${u}/s${i}.yaml`), secretFile(i, [RECIPIENTS[i % 3]]));
      if (u === "alice") names.push(`s${i}`);
    }
  }
  for (let s = 0; s < secrets / 10; s++) {
    const pick = (k) => names[(s * 5 + k) % names.length];
    writeFileSync(
      join(dir, `stacks/stack${s}.yaml`),
      `components:\n  tracker:\n    flavor: mlflow\n    username: "{{${pick(0)}.username}}"\n    password: "{{${pick(1)}.password}}"\n  db:\n    flavor: postgres\n    url: "postgres://{{${pick(2)}.username}}:{{${pick(3)}.password}}@{{${pick(4)}.host}}/db"\nenv:\n  PLAIN: value\n`,
    );
  }
  const git = (...args) =>
    execFileSync("git", args, {
      cwd: dir,
      stdio: "ignore",
      env: { ...process.env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" },
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "bench");
  return dir;
}

const env = { ...process.env, HUSH_USER: "alice" };
for (const k of Object.keys(env)) if (k.startsWith("SOPS_") || (k.startsWith("HUSH_") && k !== "HUSH_USER")) delete env[k];

const repos = { 1000: generate(1000), 10000: generate(10000) };
try {
  for (const [n, dir] of Object.entries(repos)) {
    const out = execFileSync(process.execPath, [HUSH, "check"], { cwd: dir, env, encoding: "utf8" });
    if (!out.startsWith("ok:")) throw new Error(`check did not pass on the generated repo: ${out}`);
    process.stderr.write(`${n}: ${out}`);
  }
  // What the pre-commit hook runs: one secret and one stack staged in the large repository.
  writeFileSync(join(repos[10000], "secrets/shared/s0.yaml"), secretFile(99, RECIPIENTS));
  writeFileSync(join(repos[10000], "stacks/stack0.yaml"), 'env:\n  A: "{{s2.password}}"\n');
  execFileSync("git", ["add", "secrets/shared/s0.yaml", "stacks/stack0.yaml"], { cwd: repos[10000] });
  const t = hyperfine(
    {
      "node -e 0": `${process.execPath} -e 0`,
      "hush check (1,000 secrets, 100 stacks)": `${process.execPath} ${HUSH} -C ${repos[1000]} check`,
      "hush check (10,000 secrets, 1,000 stacks)": `${process.execPath} ${HUSH} -C ${repos[10000]} check`,
      "hush check --staged (10,000 secrets, 2 files staged)": `${process.execPath} ${HUSH} -C ${repos[10000]} check --staged`,
    },
    { runs: 10, warmup: 2, env },
  );
  const staged = t["hush check --staged (10,000 secrets, 2 files staged)"];
  const small = t["hush check (1,000 secrets, 100 stacks)"];
  const large = t["hush check (10,000 secrets, 1,000 stacks)"];
  figure("check-repo", {
    command: "hush check (default level SECRET_AND_KEY_EXISTS, working tree, git repo)",
    node_baseline_s: t["node -e 0"].mean,
    files_1000_mean_s: small.mean,
    files_1000_stddev_s: small.stddev,
    files_10000_mean_s: large.mean,
    files_10000_stddev_s: large.stddev,
    growth_10x_files: large.mean / small.mean,
    staged_10000_two_changed_mean_s: staged.mean,
    target_s: 2,
    meets_target: large.mean < 2,
  });

  // Per-file inspection: the line scan against a full YAML AST of the same bytes.
  const { scanSopsYaml } = await import(join(ROOT, "dist/sopsfile/file-facts.js"));
  const { parseDocument } = await import("yaml");
  const texts = [];
  for (let i = 0; i < 2000; i++) texts.push(secretFile(i, RECIPIENTS));
  const scan = await bestOf(5, async () => {
    for (const t of texts) if (!scanSopsYaml(t)) throw new Error("the line scanner refused a generated file");
  });
  const ast = await bestOf(5, async () => {
    for (const t of texts) parseDocument(t);
  });
  figure("check-inspect", {
    files: texts.length,
    bytes_per_file: Buffer.byteLength(texts[0]),
    line_scan_us_per_file: (scan / texts.length) * 1e6,
    yaml_ast_us_per_file: (ast / texts.length) * 1e6,
    speedup: ast / scan,
  });
} finally {
  for (const dir of Object.values(repos)) rmSync(dir, { recursive: true, force: true });
}
