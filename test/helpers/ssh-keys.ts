// SSH key pairs made by the real ssh-keygen (test/helpers/ssh-keygen-binary.ts
// makes sure it is there), once per test file and kind: RSA key generation
// costs tens of milliseconds. Throwaway keys in a private temp dir, removed
// after the file's tests.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

export interface SshKeyPair {
  /** The private key file (0600, as ssh-keygen writes it). */
  file: string;
  /** Its text. */
  privateKey: string;
  /** The `.pub` line without its newline: `ssh-ed25519 AAAA... comment`. */
  publicKey: string;
  /** `type base64`, without the comment: how hush names the identity's recipient. */
  recipient: string;
}

export interface SshKeyOptions {
  type: "ed25519" | "rsa" | "ecdsa";
  bits?: number;
  /** ssh-keygen -N; default none (an unencrypted key). */
  passphrase?: string;
  /** ssh-keygen -m: the private key format (default OpenSSH's own). */
  format?: "PEM" | "PKCS8";
  comment?: string;
}

let dir: string | undefined;
const made = new Map<string, SshKeyPair>();
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  made.clear();
});

/** A key pair of these options; the same options in one test file give the same pair unless `fresh`. */
export function sshKey(options: SshKeyOptions, fresh = false): SshKeyPair {
  const id = JSON.stringify(options);
  const cached = made.get(id);
  if (cached && !fresh) return cached;
  dir ??= mkdtempSync(join(tmpdir(), "hush-ssh-"));
  const file = join(dir, `key-${made.size}-${Math.random().toString(36).slice(2, 8)}`);
  const args = ["-q", "-t", options.type, "-N", options.passphrase ?? "", "-C", options.comment ?? "test@hush", "-f", file];
  if (options.bits) args.push("-b", String(options.bits));
  if (options.format) args.push("-m", options.format);
  if (options.passphrase) args.push("-a", "1"); // one bcrypt round: the tests need an encrypted key, not a strong one
  execFileSync("ssh-keygen", args, { stdio: "pipe" });
  const publicKey = readFileSync(`${file}.pub`, "utf8").trim();
  const pair = { file, privateKey: readFileSync(file, "utf8"), publicKey, recipient: publicKey.split(" ").slice(0, 2).join(" ") };
  if (!fresh) made.set(id, pair);
  return pair;
}

export const ed25519Key = (): SshKeyPair => sshKey({ type: "ed25519" });
export const rsaKey = (): SshKeyPair => sshKey({ type: "rsa", bits: 2048 });

/**
 * The same key saved again by ssh-keygen -p in another format and/or under a
 * passphrase (no new key: RSA generation is slow). The public key is the same.
 */
export function resaved(pair: SshKeyPair, options: { format?: "PEM" | "PKCS8" | "RFC4716"; passphrase?: string }): SshKeyPair {
  const file = `${pair.file}-${options.format ?? "openssh"}-${options.passphrase ? "enc" : "plain"}`;
  copyFileSync(pair.file, file);
  copyFileSync(`${pair.file}.pub`, `${file}.pub`);
  const args = ["-q", "-p", "-P", "", "-N", options.passphrase ?? "", "-f", file];
  if (options.format) args.push("-m", options.format);
  if (options.passphrase) args.push("-a", "1");
  execFileSync("ssh-keygen", args, { stdio: "pipe" });
  return { ...pair, file, privateKey: readFileSync(file, "utf8") };
}
