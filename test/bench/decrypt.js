#!/usr/bin/env node
// `hush decrypt` (issue "sops's own commands"): whole-process decrypt of a
// small file against `node -e 0` (target under 2x), and in-process decrypt of
// 1,000 secret files of 10 keys each through the library (target under 0.5 s),
// side by side with the npm `sops-age` package on the same files.
// Needs `npm run build`. Prints one JSON line per figure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decryptSops } from "sops-age";
import { HUSH, ROOT, bestOf, figure, hyperfine } from "./_lib.js";

const IDENTITY = "AGE-SECRET-KEY-1TEJLCQKR4LPMMHWMHJ77WS9HNC70V7UEEL0TZPKEH9CLKGE4L6AQ39WC38";
const RECIPIENT = "age1gp2xhxmaauyuwkyzfkxdq282ufgpwumpefl759xa39phyawemd6szeyn56";
const FILES = 1000;
const KEYS = 10;

const dir = mkdtempSync(join(tmpdir(), "hush-bench-decrypt-"));
const home = mkdtempSync(join(tmpdir(), "hush-bench-home-"));
const env = { PATH: process.env.PATH, HOME: home, SOPS_AGE_KEY: IDENTITY };
const { encryptPlainFile, decryptSopsFile } = await import(join(ROOT, "dist/index.js"));
const { codec } = await import(join(ROOT, "dist/sopsfile/codec-port.js"));

// 1,000 files of 10 keys each, written by hush encrypt (the library).
const names = [];
for (let i = 0; i < FILES; i++) {
  const name = join(dir, `s${i}.yaml`);
  const lines = Array.from({ length: KEYS }, (_, k) => `key_${k}: value-${i}-${k}-${"x".repeat(16)}`);
  writeFileSync(name, lines.join("\n") + "\n");
  const { bytes } = await encryptPlainFile({ file: name, age: RECIPIENT, env });
  writeFileSync(name, bytes);
  names.push(name);
}
const small = names[0];

// The command must work before it is timed.
const check = spawnSync(process.execPath, [HUSH, "decrypt", small], { env, encoding: "utf8" });
if (check.status !== 0 || !check.stdout.includes("key_9: value-0-9")) throw new Error(`hush decrypt failed (${check.status}): ${check.stderr}`);

const node = process.execPath;
const t = hyperfine({ "node -e 0": `${node} -e 0`, "hush decrypt": `${node} ${HUSH} decrypt ${small}` }, { runs: 30, warmup: 3, cwd: dir, env });
figure("decrypt-process", {
  node_ms: Number((t["node -e 0"].mean * 1000).toFixed(1)),
  hush_decrypt_ms: Number((t["hush decrypt"].mean * 1000).toFixed(1)),
  ratio_over_node: Number((t["hush decrypt"].mean / t["node -e 0"].mean).toFixed(2)),
  target_ratio: 2,
});

// In process: identities loaded once, then every file read, decrypted and MAC-checked.
const identities = await (await codec()).loadIdentities(env);
const texts = names.map((n) => readFileSync(n, "utf8"));
const { decryptFile } = await codec();
const bytes = names.map((n) => readFileSync(n));
// Like for like with sops-age: the bytes already read, decrypted and MAC-checked to a tree.
const hushSeconds = await bestOf(3, async () => {
  for (const b of bytes) await decryptFile(b, { format: "yaml", identities });
});
// What `hush decrypt` does per file: read it, decrypt, check the MAC, emit plaintext YAML.
const hushFileSeconds = await bestOf(3, async () => {
  for (const file of names) await decryptSopsFile({ file, identities, env });
});
const sopsAgeSeconds = await bestOf(3, async () => {
  for (const text of texts) await decryptSops(text, { secretKey: IDENTITY, fileType: "yaml" });
});
// Same answers from both.
const ours = await decryptSopsFile({ file: names[7], identities, env, outputType: "json" });
const theirs = await decryptSops(texts[7], { secretKey: IDENTITY, fileType: "yaml" });
if (JSON.stringify(JSON.parse(Buffer.from(ours).toString())) !== JSON.stringify(theirs)) throw new Error("hush and sops-age disagree");
figure("decrypt-1000-files", {
  files: FILES,
  keys_per_file: KEYS,
  hush_library_s: Number(hushSeconds.toFixed(3)),
  hush_read_decrypt_emit_s: Number(hushFileSeconds.toFixed(3)),
  sops_age_s: Number(sopsAgeSeconds.toFixed(3)),
  sops_age_over_hush: Number((sopsAgeSeconds / hushSeconds).toFixed(1)),
  target_s: 0.5,
  note: "hush_library: codec decryptFile on bytes already read (MAC checked); hush_read_decrypt_emit: decryptSopsFile per file (reads, decrypts, emits YAML); sops-age: decryptSops on the text already read",
});
rmSync(dir, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
