/**
 * SSH private keys as identities: opening ssh-ed25519 and ssh-rsa stanzas, as
 * agessh's Ed25519Identity and RSAIdentity Unwrap do, on node:crypto. Loaded
 * only when an SSH key is (keys/ssh-identities.ts). The X25519 secret or RSA
 * KeyObject of a key is made on first use, once per process.
 * https://github.com/FiloSottile/age/blob/main/agessh/agessh.go
 */
import { constants, createHash, createPrivateKey, diffieHellman, privateDecrypt, type KeyObject } from "node:crypto";
import { decodeRawBase64, malformed, type Stanza } from "./age-file.js";
import type { Identity } from "./interfaces.js";
import { open } from "./primitives.js";
import { ed25519WrapKey, SSH_RSA_LABEL, tweakShared } from "./ssh-kdf.js";
import type { SshPrivateKey } from "./ssh-private-key.js";
import { SSH_ED25519 } from "./ssh-public-key.js";
import { x25519KeyFromScalar, x25519PublicKey, type X25519Key } from "./x25519-key.js";

type Ed25519Identity = Extract<SshPrivateKey, { type: "ssh-ed25519" }>;
type RsaIdentity = Extract<SshPrivateKey, { type: "ssh-rsa" }>;

const x25519Of = new WeakMap<Ed25519Identity, X25519Key>();
const rsaOf = new WeakMap<RsaIdentity, KeyObject>();

/**
 * The X25519 key of an Ed25519 identity: the first 32 bytes of SHA-512 of
 * the seed as the scalar (clamped by X25519), its public key computed from
 * that scalar, as agessh's ed25519PrivateKeyToCurve25519 and NewEd25519Identity.
 * @throws never
 */
export function ed25519IdentityX25519(key: Ed25519Identity): X25519Key {
  let derived = x25519Of.get(key);
  if (!derived) {
    derived = x25519KeyFromScalar(createHash("sha512").update(key.seed).digest().subarray(0, 32));
    x25519Of.set(key, derived);
  }
  return derived;
}

/** The file key of an ssh-ed25519 stanza, or undefined when its tag is another key's. @throws HushError METADATA_INVALID (malformed, low-order share, tag ours but the body does not open) */
function unwrapEd25519(stanza: Stanza, key: Ed25519Identity): Buffer | undefined {
  // agessh's order: the stanza's shape first, then the tag.
  if (stanza.args.length !== 2) throw malformed("an ssh-ed25519 stanza needs exactly two arguments");
  const share = decodeRawBase64(stanza.args[1]!);
  if (share.length !== 32) throw malformed("an ssh-ed25519 stanza has a share of the wrong length");
  if (stanza.args[0] !== key.publicKey.tag) return undefined;
  const ours = ed25519IdentityX25519(key);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: ours.privateKey, publicKey: x25519PublicKey(share) });
  } catch {
    throw malformed("an ssh-ed25519 stanza has a low-order share"); // OpenSSL refuses an all-zero result
  }
  if (shared.every((b) => b === 0)) throw malformed("an ssh-ed25519 stanza has a low-order share");
  const fileKey = open(ed25519WrapKey(tweakShared(shared, key.publicKey.wire), share, ours.publicKey), Buffer.alloc(12), stanza.body);
  // The tag is this key's: a body that does not open is tampered (age: "failed to decrypt file key").
  if (!fileKey) throw malformed("an ssh-ed25519 stanza for this key does not open (tampered or corrupted)");
  return fileKey;
}

/** The file key of an ssh-rsa stanza, or undefined when its tag is another key's. @throws HushError METADATA_INVALID */
function unwrapRsa(stanza: Stanza, key: RsaIdentity): Buffer | undefined {
  if (stanza.args.length !== 1) throw malformed("an ssh-rsa stanza needs exactly one argument");
  if (stanza.args[0] !== key.publicKey.tag) return undefined;
  let privateKey = rsaOf.get(key);
  if (!privateKey) {
    privateKey = createPrivateKey({ key: key.jwk, format: "jwk" });
    rsaOf.set(key, privateKey);
  }
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256", oaepLabel: Buffer.from(SSH_RSA_LABEL) }, stanza.body);
  } catch {
    throw malformed("an ssh-rsa stanza for this key does not open (tampered or corrupted)");
  }
}

/** Counts SSH stanza attempts (one per stanza and key of its type tried). */
export const sshAttempts = { count: 0 };

/**
 * An SSH private key as an identity: its stanzas are those of its type whose
 * tag is its key's (agessh's order: a malformed stanza of its type throws
 * before the tag is compared, as agessh does).
 */
export class SshIdentity implements Identity {
  readonly #key: SshPrivateKey; // #private: no util.inspect or JSON.stringify shows it

  constructor(key: SshPrivateKey) {
    this.#key = key;
  }

  /** @throws HushError METADATA_INVALID for a malformed stanza of its type, or one of its own that does not open */
  unwrapFileKey(stanzas: readonly Stanza[]): Buffer | null {
    const key = this.#key;
    for (const stanza of stanzas) {
      if (stanza.type !== key.type) continue;
      sshAttempts.count++;
      const fileKey = key.type === SSH_ED25519 ? unwrapEd25519(stanza, key) : unwrapRsa(stanza, key);
      if (fileKey) return fileKey;
    }
    return null;
  }
}
