#!/usr/bin/env node
// `hush log` over a repository of 1,000 commits touching 100 secrets (issue 6).
// The history is written with one `git fast-import` (sops-shaped files: keys in
// clear, ENC[...] values changing per commit, a recipient added every 50th
// commit), then `hush log --json` (all secrets) and `hush log NAME` are timed
// with hyperfine. Needs `npm run build`. Prints one JSON line.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSH, figure, hyperfine } from "./_lib.js";
// Well-formed recipients (valid bech32 checksum): .hush.yaml refuses anything else.
import { bech32Encode } from "../../dist/age/bech32.js";

const COMMITS = Number(process.env.HUSH_BENCH_LOG_COMMITS ?? 1000);
const SECRETS = 100;
const USERS = Array.from({ length: 5 }, (_, i) => bech32Encode("age", createHash("sha256").update(`u${i}`).digest()));

const enc = (v) => `ENC[AES256_GCM,data:${createHash("sha256").update(v).digest("base64")},iv:AAAAAAAAAAAAAAAAAAAAAAAA,tag:BBBBBBBBBBBBBBBBBBBBBB==,type:str]`;
function file(values, recipients) {
  const lines = Object.entries(values).map(([k, v]) => `${k}: ${enc(v)}`);
  lines.push("sops:", "    age:");
  for (const r of recipients)
    lines.push(
      `        - recipient: ${r}`,
      "          enc: |",
      "            -----BEGIN AGE ENCRYPTED FILE-----",
      "            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBh",
      "            -----END AGE ENCRYPTED FILE-----",
    );
  lines.push(`    lastmodified: "2026-01-01T00:00:00Z"`, `    mac: ${enc(JSON.stringify(values))}`, "    version: 3.9.0", "");
  return lines.join("\n");
}

const dir = mkdtempSync(join(tmpdir(), "hush-bench-log-"));
const config = `version: 1\nusers:\n${USERS.map((r, i) => `  u${i}:\n    recipients: [${r}]\n`).join("")}`;
const parts = [];
const blob = (path, text) => `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
const state = Array.from({ length: SECRETS }, () => ({ values: { user: "u", password: "p0", host: "h" }, recipients: USERS.slice(0, 3) }));
for (let c = 0; c < COMMITS; c++) {
  const s = c % SECRETS;
  const st = state[s];
  st.values = { ...st.values, password: `p${c}` };
  if (c % 7 === 0) st.values[`k${c}`] = "v";
  if (c % 50 === 0) st.recipients = st.recipients.length < USERS.length ? [...st.recipients, USERS[st.recipients.length]] : st.recipients.slice(0, 3);
  const msg = `commit ${c}`;
  parts.push(`commit refs/heads/main\ncommitter U${c % 5} <u${c % 5}@example.com> ${1767225600 + c * 60} +0000\ndata ${msg.length}\n${msg}\n`);
  if (c === 0) parts.push(blob(".hush.yaml", config));
  parts.push(blob(`secrets/shared/s${s}.yaml`, file(st.values, st.recipients)));
}
spawnSync("git", ["init", "-q", "-b", "main", dir]);
const imported = spawnSync("git", ["fast-import", "--quiet"], { cwd: dir, input: parts.join("") });
if (imported.status !== 0) throw new Error(`fast-import failed: ${imported.stderr}`);
spawnSync("git", ["checkout", "-q", "main"], { cwd: dir });
writeFileSync(join(dir, ".git/info/exclude"), "");

const check = spawnSync(process.execPath, [HUSH, "log", "--json"], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
const histories = JSON.parse(check.stdout);
const commitsSeen = histories.reduce((n, h) => n + h.commits.length, 0);
if (histories.length !== SECRETS || commitsSeen !== COMMITS) throw new Error(`log saw ${histories.length} secrets / ${commitsSeen} commits`);

const t = hyperfine(
  { "hush log --json (all)": `${process.execPath} ${HUSH} log --json`, "hush log s7": `${process.execPath} ${HUSH} log s7` },
  { runs: 5, warmup: 1, cwd: dir },
);
figure("log-history", {
  commits: COMMITS,
  secrets: SECRETS,
  all_mean_s: Number(t["hush log --json (all)"].mean.toFixed(3)),
  one_secret_mean_s: Number(t["hush log s7"].mean.toFixed(3)),
});
rmSync(dir, { recursive: true, force: true });
