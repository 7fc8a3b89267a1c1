/**
 * SSH public keys as age recipients (`ssh-ed25519 AAAA... [comment]`,
 * `ssh-rsa AAAA... [comment]`), parsed as agessh.ParseRecipient does with
 * Go's ssh.ParseAuthorizedKey: the key from its wire bytes and its 4-byte
 * tag. No curve arithmetic here (.hush.yaml validation runs this on every
 * start): whether an Ed25519 key is a point is checked when wrapping to it
 * (ssh-wrap.ts, ed25519-montgomery.ts), as agessh checks it in NewEd25519Recipient.
 * https://github.com/FiloSottile/age/blob/main/agessh/agessh.go
 */
import { createHash } from "node:crypto";
import { encodeRawBase64 } from "./age-file.js";
import { WireReader, wireMpint, wireString } from "./ssh-wire.js";

export const SSH_ED25519 = "ssh-ed25519";
export const SSH_RSA = "ssh-rsa";

export type SshPublicKey =
  | {
      readonly type: typeof SSH_ED25519;
      /** The SSH wire encoding (what the tag and the tweak hash). */
      readonly wire: Buffer;
      readonly tag: string;
      /** The raw 32-byte Ed25519 public key. */
      readonly ed25519: Uint8Array;
    }
  | { readonly type: typeof SSH_RSA; readonly wire: Buffer; readonly tag: string; readonly n: bigint; readonly e: bigint };

/** The stanza tag of an SSH key: unpadded base64 of the first 4 bytes of SHA-256 of its wire encoding (agessh sshFingerprint). @throws never */
export function sshTag(wire: Uint8Array): string {
  return encodeRawBase64(createHash("sha256").update(wire).digest().subarray(0, 4));
}

/** `type base64` of a key, without comment: how hush names an SSH identity's recipient. @throws never */
export function sshRecipientText(key: SshPublicKey): string {
  return `${key.type} ${key.wire.toString("base64")}`;
}

/** An Ed25519 key from its 32 raw bytes (as Go's parseED25519: the length only). @throws never */
export function ed25519PublicKey(raw: Uint8Array): SshPublicKey | { problem: string } {
  if (raw.length !== 32) return { problem: "an ssh-ed25519 key must be 32 bytes" };
  const wire = Buffer.concat([wireString(SSH_ED25519), wireString(raw)]);
  return { type: SSH_ED25519, wire, tag: sshTag(wire), ed25519: Uint8Array.from(raw) };
}

/** An RSA key from its exponent and modulus, with Go's exponent rules (odd, at least 3, at most 24 bits). @throws never */
export function rsaPublicKey(e: bigint, n: bigint): SshPublicKey | { problem: string } {
  if (e < 3n || e % 2n === 0n || e >= 1n << 24n) return { problem: "the ssh-rsa key has an unusable exponent" };
  if (n <= 0n) return { problem: "the ssh-rsa key has no modulus" };
  // Re-encoded minimally, as Go's Marshal does before hashing: the tag must be age's.
  const wire = Buffer.concat([wireString(SSH_RSA), wireMpint(e), wireMpint(n)]);
  return { type: SSH_RSA, wire, tag: sshTag(wire), n, e };
}

/** An SSH public key from its wire bytes (no trailing bytes, as ssh.ParsePublicKey). @throws never */
export function sshPublicKeyFromWire(wire: Buffer): SshPublicKey | { problem: string } {
  const reader = new WireReader(wire);
  const type = reader.text();
  if (type === SSH_ED25519) {
    const raw = reader.string();
    if (!raw || !reader.done) return { problem: "the ssh-ed25519 key is malformed" };
    return ed25519PublicKey(raw);
  }
  if (type === SSH_RSA) {
    const e = reader.mpint();
    const n = reader.mpint();
    if (e === undefined || n === undefined || !reader.done) return { problem: "the ssh-rsa key is malformed" };
    return rsaPublicKey(e, n);
  }
  return { problem: type === undefined ? "the SSH key is malformed" : "only ssh-ed25519 and ssh-rsa keys work with age" };
}

/**
 * Parses `ssh-ed25519 AAAA... [comment]` / `ssh-rsa AAAA... [comment]` (one
 * line, already trimmed). Stricter than Go in one way: the type word must be
 * the key's own type. RSA moduli under 2048 bits are refused, as age does.
 * @throws never (a reason that quotes no key bytes)
 */
export function parseSshRecipient(text: string): SshPublicKey | { problem: string } {
  const match = /^(ssh-[a-z0-9-]+)[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t]+[^\r\n]*)?$/.exec(text);
  if (!match) return { problem: "an SSH recipient is `ssh-ed25519 AAAA... [comment]` or `ssh-rsa AAAA... [comment]` on one line" };
  const [, typeWord, base64] = match as unknown as [string, string, string];
  if (typeWord !== SSH_ED25519 && typeWord !== SSH_RSA) return { problem: `${typeWord} keys cannot be age recipients (only ssh-ed25519 and ssh-rsa)` };
  if (base64.length % 4 !== 0) return { problem: "the key's base64 is truncated" };
  const key = sshPublicKeyFromWire(Buffer.from(base64, "base64"));
  if ("problem" in key) return key;
  if (key.type !== typeWord) return { problem: `the key is an ${key.type} key, not ${typeWord}` };
  if (key.type === SSH_RSA && byteLength(key.n) < 256) return { problem: "the ssh-rsa key is shorter than 2048 bits" };
  return key;
}

function byteLength(n: bigint): number {
  return Math.ceil(n.toString(16).length / 2);
}
