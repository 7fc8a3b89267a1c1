/**
 * SSH public keys as recipients: wrapping a file key for one, as agessh's
 * Ed25519Recipient and RSARecipient Wrap do, on node:crypto. Loaded only
 * when a recipient starts with `ssh-` (parse-recipient.ts imports it lazily).
 * https://github.com/FiloSottile/age/blob/main/agessh/agessh.go
 */
import { constants, createPublicKey, diffieHellman, publicEncrypt, randomBytes } from "node:crypto";
import { HushError } from "../errors.js";
import { encodeRawBase64, type Stanza } from "./age-file.js";
import { edwardsToMontgomery } from "./ed25519-montgomery.js";
import { newFileKey, sealAgeFile } from "./encrypter.js";
import type { Recipient } from "./interfaces.js";
import { seal } from "./primitives.js";
import { ed25519WrapKey, SSH_RSA_LABEL, tweakShared } from "./ssh-kdf.js";
import { parseSshRecipient, SSH_ED25519, type SshPublicKey } from "./ssh-public-key.js";
import { unsignedBytes } from "./ssh-wire.js";
import { x25519KeyFromScalar, x25519PublicKey } from "./x25519-key.js";

/** RECIPIENT_INVALID naming the SSH recipient (a public key: safe to show) and why. @throws never (returns the error) */
export function invalidSshRecipient(recipient: string, why: string, cause?: unknown): HushError {
  return new HushError("RECIPIENT_INVALID", `not a usable SSH recipient: ${recipient} (${why})`, {
    cause,
    hint: "use the one line of an id_ed25519.pub or id_rsa.pub file (2048 bits or more)",
  });
}

type Ed25519Key = Extract<SshPublicKey, { type: "ssh-ed25519" }>;
type RsaKey = Extract<SshPublicKey, { type: "ssh-rsa" }>;

// One conversion per recipient and process (~0.5 ms of BigInt): updatekeys wraps to the same keys file after file.
const montgomeryOf = new Map<string, Uint8Array | undefined>();

/** The X25519 form of an Ed25519 recipient; undefined when the key is not a point (agessh: "invalid Ed25519 public key"). */
function montgomery(key: Ed25519Key): Uint8Array | undefined {
  const id = key.wire.toString("base64");
  if (!montgomeryOf.has(id)) montgomeryOf.set(id, edwardsToMontgomery(key.ed25519));
  return montgomeryOf.get(id);
}

/** The ssh-ed25519 stanza: X25519 with a fresh ephemeral key to the Montgomery form, then the tweak. */
function wrapEd25519(fileKey: Uint8Array, key: Ed25519Key, recipient: string): Stanza {
  const theirs = montgomery(key);
  if (!theirs) throw invalidSshRecipient(recipient, "the ssh-ed25519 key is not a point on the curve");
  const ephemeral = x25519KeyFromScalar(randomBytes(32));
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicKey(theirs) });
  } catch (cause) {
    throw invalidSshRecipient(recipient, "a low-order point", cause); // OpenSSL refuses an all-zero result, as curve25519.X25519 does
  }
  if (shared.every((b) => b === 0)) throw invalidSshRecipient(recipient, "a low-order point");
  const wrapKey = ed25519WrapKey(tweakShared(shared, key.wire), ephemeral.publicKey, theirs);
  return { type: SSH_ED25519, args: [key.tag, encodeRawBase64(ephemeral.publicKey)], body: seal(wrapKey, Buffer.alloc(12), fileKey) };
}

/** The ssh-rsa stanza: RSA-OAEP with SHA-256 and age's label. */
function wrapRsa(fileKey: Uint8Array, key: RsaKey): Stanza {
  const jwk = { kty: "RSA", n: unsignedBytes(key.n).toString("base64url"), e: unsignedBytes(key.e).toString("base64url") };
  const publicKey = createPublicKey({ key: jwk, format: "jwk" });
  const body = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256", oaepLabel: Buffer.from(SSH_RSA_LABEL) }, fileKey);
  return { type: key.type, args: [key.tag], body };
}

/** An `ssh-ed25519 ...` or `ssh-rsa ...` recipient: one stanza of its type per file key. */
export class SshRecipient implements Recipient {
  private readonly key: SshPublicKey;

  /** @throws HushError RECIPIENT_INVALID naming the recipient (malformed, another key type, RSA under 2048 bits) */
  constructor(private readonly recipient: string) {
    const key = parseSshRecipient(recipient);
    if ("problem" in key) throw invalidSshRecipient(recipient, key.problem);
    this.key = key;
  }

  /** @throws HushError RECIPIENT_INVALID for an Ed25519 key that is no point or of low order */
  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    const key = this.key;
    return [key.type === SSH_ED25519 ? wrapEd25519(fileKey, key, this.recipient) : wrapRsa(fileKey, key)];
  }
}

/**
 * Encrypts `plaintext` to one `ssh-ed25519 ...` or `ssh-rsa ...` recipient,
 * synchronously; returns the armored file with its final newline.
 * @throws HushError RECIPIENT_INVALID naming the recipient (malformed, another key type, RSA under 2048 bits, an Ed25519 key that is no point or of low order)
 */
export function encryptSsh(plaintext: Uint8Array, recipient: string): string {
  const fileKey = newFileKey();
  return sealAgeFile(fileKey, new SshRecipient(recipient).wrapFileKey(fileKey), plaintext);
}
