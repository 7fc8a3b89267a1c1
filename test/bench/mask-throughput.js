#!/usr/bin/env node
// Masking throughput (issue 5): 50 secrets, 100 MB of log-like child output.
// Figures: the masker alone (in-process, 64 KiB chunks) and a real child's
// stdout piped through it to /dev/null, against the same pipe unmasked.
// The 50 secrets share the lead "sk-", which lets the masker skip ahead with
// indexOf; masker_unrelated_mb_per_s is the masker alone on 50 secrets with
// no common first byte (every byte goes through the automaton).
// Needs `npm run build`. Prints one JSON line.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { bestOf, figure } from "./_lib.js";
import { createMasker, createMaskStream } from "../../dist/run/mask.js";

const MB = 1 << 20;
const TOTAL_MB = Number(process.env.HUSH_BENCH_MASK_MB ?? 100);
const SECRETS = Array.from({ length: 50 }, (_, i) => `sk-${i}-${Buffer.from(String(i * 7919)).toString("hex")}-Zq9x`.padEnd(28, "x"));

const UNRELATED = Array.from({ length: 50 }, (_, i) => createHash("sha256").update(String(i)).digest("base64url").slice(0, 28));

/** One MiB of training-log lines; every 200th line prints a secret. */
function logBlock(secrets = SECRETS) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < MB; i++) {
    const line =
      i % 200 === 0 ? `step ${i} token=${secrets[i % 50]} ok\n` : `step ${i} loss=${(1 / (i + 1)).toFixed(6)} lr=0.0003 grad_norm=${(i % 97) / 10}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join("")).subarray(0, MB);
}

const inChunks = (b) => Array.from({ length: MB / 65536 }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536));
const block = logBlock();

const maskAlone = (secrets, chunks) =>
  bestOf(3, async () => {
    const masker = createMasker(secrets);
    let out = 0;
    for (let k = 0; k < TOTAL_MB; k++) for (const c of chunks) out += masker.push(c).length;
    out += masker.end().length;
    if (out <= 0) throw new Error("no output");
  });
const inProcess = await maskAlone(SECRETS, inChunks(block));
const inProcessUnrelated = await maskAlone(UNRELATED, inChunks(logBlock(UNRELATED)));

// The child writes the same MiB TOTAL_MB times to its stdout.
const dir = mkdtempSync(join(tmpdir(), "hush-bench-mask-"));
const blockFile = join(dir, "block.log");
writeFileSync(blockFile, block);
const CHILD = `const b=require("fs").readFileSync(process.argv[1]);let n=${TOTAL_MB};const w=()=>{while(n>0){n--;if(!process.stdout.write(b)){process.stdout.once("drain",w);return;}}};w();`;
async function pipeChild(masked) {
  const child = spawn(process.execPath, ["-e", CHILD, blockFile], { stdio: ["ignore", "pipe", "inherit"] });
  const sink = createWriteStream("/dev/null");
  if (masked) await pipeline(child.stdout, createMaskStream(SECRETS), sink);
  else await pipeline(child.stdout, sink);
}
const piped = await bestOf(3, () => pipeChild(false));
const pipedMasked = await bestOf(3, () => pipeChild(true));
rmSync(dir, { recursive: true, force: true });

figure("mask-throughput", {
  secrets: SECRETS.length,
  megabytes: TOTAL_MB,
  masker_mb_per_s: Math.round(TOTAL_MB / inProcess),
  masker_unrelated_mb_per_s: Math.round(TOTAL_MB / inProcessUnrelated),
  pipe_unmasked_mb_per_s: Math.round(TOTAL_MB / piped),
  pipe_masked_mb_per_s: Math.round(TOTAL_MB / pipedMasked),
  masked_over_unmasked: Number((pipedMasked / piped).toFixed(2)),
});
