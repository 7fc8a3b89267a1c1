/**
 * The key derivations of the ssh-ed25519 and ssh-rsa stanzas, shared by
 * ssh-wrap.ts and ssh-unwrap.ts, exactly as agessh computes them:
 * https://github.com/FiloSottile/age/blob/main/agessh/agessh.go
 */
import { diffieHellman } from "node:crypto";
import { hkdf } from "./primitives.js";
import { x25519PrivateKey, x25519PublicKey } from "./x25519-key.js";

export const SSH_ED25519_LABEL = "age-encryption.org/v1/ssh-ed25519";
export const SSH_RSA_LABEL = "age-encryption.org/v1/ssh-rsa";
const EMPTY = new Uint8Array(0);

/** The tweak: HKDF-SHA-256 with no input key, the SSH wire public key as salt and the label as info, 32 bytes. @throws never */
export function ed25519Tweak(sshWire: Uint8Array): Buffer {
  return hkdf(EMPTY, sshWire, SSH_ED25519_LABEL);
}

/**
 * X25519(tweak, shared): the shared secret of the stanza (the plain X25519
 * result, then multiplied by the tweak as a clamped scalar).
 * @throws Error from node:crypto when the result is all zeros (`shared` of low order; callers pass non-zero results only)
 */
export function tweakShared(shared: Uint8Array, sshWire: Uint8Array): Buffer {
  return diffieHellman({ privateKey: x25519PrivateKey(ed25519Tweak(sshWire)), publicKey: x25519PublicKey(shared) });
}

/** The key the stanza body is sealed with: HKDF(tweaked shared, share || recipient's X25519 key, label). @throws never */
export function ed25519WrapKey(tweaked: Uint8Array, share: Uint8Array, recipient: Uint8Array): Buffer {
  return hkdf(tweaked, Buffer.concat([share, recipient]), SSH_ED25519_LABEL);
}
