#!/usr/bin/env node
// `hush access` over 10,000 secrets (issue 6; target under 1 s): 9,000 shared
// files and 1,000 user files for 10 users, sops-shaped (keys, ENC values,
// age recipients), some with stale recipients. Times `hush access --json` and
// `hush access --user u3` with hyperfine. Needs `npm run build`. Prints one JSON line.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HUSH, figure, hyperfine } from "./_lib.js";
// Well-formed recipients (valid bech32 checksum): .hush.yaml refuses anything else.
import { bech32Encode } from "../../dist/age/bech32.js";

const TOTAL = Number(process.env.HUSH_BENCH_ACCESS_SECRETS ?? 10_000);
const USERS = Array.from({ length: 10 }, (_, i) => bech32Encode("age", createHash("sha256").update(`u${i}`).digest()));
const enc = "ENC[AES256_GCM,data:QUFBQUFBQUFBQUFB,iv:AAAAAAAAAAAAAAAAAAAAAAAA,tag:BBBBBBBBBBBBBBBBBBBBBB==,type:str]";

function file(keys, recipients) {
  const lines = keys.map((k) => `${k}: ${enc}`);
  lines.push("sops:", "    age:");
  for (const r of recipients)
    lines.push(
      `        - recipient: ${r}`,
      "          enc: |",
      "            -----BEGIN AGE ENCRYPTED FILE-----",
      "            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBh",
      "            -----END AGE ENCRYPTED FILE-----",
    );
  lines.push(`    lastmodified: "2026-01-01T00:00:00Z"`, `    mac: ${enc}`, "    version: 3.9.0", "");
  return lines.join("\n");
}

const dir = mkdtempSync(join(tmpdir(), "hush-bench-access-"));
writeFileSync(join(dir, ".hush.yaml"), `version: 1\nusers:\n${USERS.map((r, i) => `  u${i}:\n    recipients: [${r}]\n`).join("")}`);
const userFiles = Math.floor(TOTAL / 10);
mkdirSync(join(dir, "secrets/shared"), { recursive: true });
for (let i = 0; i < TOTAL - userFiles; i++) {
  const recipients = i % 97 === 0 ? [...USERS.slice(0, 9), "age1stalekey"] : USERS;
  writeFileSync(join(dir, `secrets/shared/s${i}.yaml`), file(["user", "password", "host"], recipients));
}
for (let i = 0; i < userFiles; i++) {
  const u = i % USERS.length;
  mkdirSync(join(dir, `secrets/users/u${u}`), { recursive: true });
  writeFileSync(join(dir, `secrets/users/u${u}/t${i}.yaml`), file(["token"], [USERS[u]]));
}

const check = JSON.parse(spawnSync(process.execPath, [HUSH, "access", "--json"], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 }).stdout);
if (check.secrets.length !== TOTAL) throw new Error(`access saw ${check.secrets.length} secrets`);

const t = hyperfine(
  { "hush access --json": `${process.execPath} ${HUSH} access --json`, "hush access --user u3": `${process.execPath} ${HUSH} access --user u3` },
  { runs: 5, warmup: 1, cwd: dir },
);
figure("access-matrix", {
  secrets: TOTAL,
  matrix_mean_s: Number(t["hush access --json"].mean.toFixed(3)),
  user_mean_s: Number(t["hush access --user u3"].mean.toFixed(3)),
  target_s: 1,
});
if (!process.env.HUSH_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else console.error(dir);
