/**
 * `hush keygen`: a new X25519 identity (node:crypto), written as age-keygen
 * writes it — `# created:`, `# public key:`, the key — to a 0600 file in a
 * 0700 directory, atomically, and never over an existing file.
 */
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { link, mkdir, open, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { HushError } from "../errors.js";
import { defaultKeyFile } from "./key-file.js";

export { defaultKeyFile };
import { encodeX25519Identity, x25519KeyFromScalar } from "../age/x25519-key.js";

/** A fresh identity: its `AGE-SECRET-KEY-1...` text and its `age1...` recipient. @throws never */
export function generateX25519Identity(): { identity: string; recipient: string } {
  // 32 random bytes, as age-keygen makes them (and no generateKeyPairSync: see x25519-wrap.ts).
  const scalar = new Uint8Array(randomBytes(32));
  return { identity: encodeX25519Identity(scalar), recipient: x25519KeyFromScalar(scalar).recipient };
}

/** The text age-keygen writes for an identity. @throws never */
export function keyFileText(identity: string, recipient: string, created = new Date()): string {
  const stamp = created.toISOString().replace(/\.\d+Z$/, "Z"); // RFC 3339 without fractions, as age-keygen
  return `# created: ${stamp}\n# public key: ${recipient}\n${identity}\n`;
}

export interface KeygenOptions {
  /** Where to write; default: the default key file of `env` (spec §6.3). */
  output?: string;
  /** For the default key file (XDG_CONFIG_HOME, HOME). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface KeygenResult {
  /** The new identity's public key (age1...). */
  recipient: string;
  /** The absolute path written. */
  file: string;
}

/**
 * Writes a new identity to `options.output` (default: the default key file)
 * and returns its recipient. The file is linked into place from a temp file,
 * so it appears complete or not at all, and an existing file is never replaced.
 * @throws HushError USAGE when the file exists (it may hold someone's only key), FILE_WRITE_FAILED
 */
export async function generateKeyFile(options: KeygenOptions = {}): Promise<KeygenResult> {
  const file = resolve(options.output ?? defaultKeyFile(options.env ?? process.env));
  const exists = () => new HushError("USAGE", "the file already exists; hush never overwrites a key file", { file, hint: "it may hold someone's only key: use the key in it, or write elsewhere with --output" });
  if (existsSync(file)) throw exists();
  const { identity, recipient } = generateX25519Identity();
  let linking = false;
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(keyFileText(identity, recipient));
      await handle.chmod(0o600); // whatever the umask
      await handle.sync();
    } finally {
      await handle.close();
    }
    linking = true;
    await link(temp, file); // unlike rename, fails when the file exists
  } catch (error) {
    if (linking && (error as NodeJS.ErrnoException).code === "EEXIST") throw exists();
    throw new HushError("FILE_WRITE_FAILED", `could not write ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { file, cause: error });
  } finally {
    await rm(temp, { force: true });
  }
  return { recipient, file };
}
