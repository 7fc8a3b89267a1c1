/**
 * One age identity: parsing its text (once per process) and keeping its
 * secret beside the public `AgeIdentity`, in a WeakMap, so that no
 * JSON.stringify, util.inspect or error ever shows it.
 */
import { HushError } from "../errors.js";
import type { AgeIdentity, IdentitySet } from "./identities.js";
import type { SshPrivateKey } from "../age/ssh-private-key.js";
import { decodeX25519Identity, x25519KeyFromScalar, X25519_IDENTITY_PREFIX, type X25519Key } from "../age/x25519-key.js";

/** A parsed identity: native X25519, an SSH key (ssh-identities.ts), or a kind only age-encryption opens (post-quantum hybrid). */
export type ParsedIdentity =
  | { kind: "x25519"; recipient: string; key: X25519Key }
  | { kind: "ssh"; recipient: string; key: SshPrivateKey }
  | { kind: "age-encryption"; recipient: string; text: string };

const PQ_PREFIX = "AGE-SECRET-KEY-PQ-1";
const PLUGIN_PREFIX = "AGE-PLUGIN-";

/** Why a text is not an identity: IDENTITY_INVALID with a reason that never contains the text; identities.ts adds where. */
function invalid(why: string): HushError {
  return new HushError("IDENTITY_INVALID", why);
}

const parsed = new Map<string, Promise<ParsedIdentity>>();
const secrets = new WeakMap<AgeIdentity, ParsedIdentity>();
/** The text each identity was read from (an AGE-SECRET-KEY-1... line, an SSH key file), for masking only. */
const texts = new WeakMap<AgeIdentity, string>();

/** Parses one identity string, once per process. @throws HushError IDENTITY_INVALID (the message never holds the text) */
export function parseIdentity(text: string): Promise<ParsedIdentity> {
  let result = parsed.get(text);
  if (!result) {
    result = parseUncached(text);
    parsed.set(text, result);
    result.catch(() => parsed.delete(text));
  }
  return result;
}

async function parseUncached(text: string): Promise<ParsedIdentity> {
  if (text.startsWith(PLUGIN_PREFIX)) throw invalid("plugin identities (AGE-PLUGIN-...) are not supported");
  if (text.startsWith(PQ_PREFIX)) {
    // Rare: only here does identity loading need age-encryption (ML-KEM).
    const { identityToRecipient } = await import("age-encryption");
    try {
      return { kind: "age-encryption", recipient: await identityToRecipient(text), text };
    } catch {
      throw invalid("not a valid post-quantum age identity (bad checksum or length)");
    }
  }
  if (text.startsWith(X25519_IDENTITY_PREFIX)) {
    const scalar = decodeX25519Identity(text);
    if (!scalar) throw invalid("not a valid age identity (bad checksum or length)");
    const key = x25519KeyFromScalar(scalar);
    return { kind: "x25519", recipient: key.recipient, key };
  }
  throw invalid(`not an age identity (expected ${X25519_IDENTITY_PREFIX}...)`);
}

/**
 * The public face of a parsed identity; its secret stays in this module, and
 * so does `text`, what it was read from (see `identityTexts`). @throws never
 */
export function publicIdentity(identity: ParsedIdentity, source: string, text?: string): AgeIdentity {
  const face: AgeIdentity = Object.freeze({ recipient: identity.recipient, source });
  secrets.set(face, identity);
  if (text !== undefined) texts.set(face, text);
  return face;
}

/**
 * The texts the set's identities were read from (an AGE-SECRET-KEY-1...
 * line, an SSH private key file), for `hush run` to mask in its child's
 * output: a child that prints a key file or SOPS_AGE_KEY. Never to be
 * logged. @throws never
 */
export function identityTexts(set: IdentitySet): string[] {
  const out = new Set<string>();
  for (const face of set.identities) {
    const text = texts.get(face);
    if (text !== undefined) out.add(text);
  }
  return [...out];
}

/** The secrets of a set's identities, split by who can use them. Identities not made here are skipped. @throws never */
export function identitySecrets(set: IdentitySet): { x25519: X25519Key[]; ssh: SshPrivateKey[]; others: string[] } {
  const x25519: X25519Key[] = [];
  const ssh: SshPrivateKey[] = [];
  const others: string[] = [];
  for (const face of set.identities) {
    const secret = secrets.get(face);
    if (secret?.kind === "x25519") x25519.push(secret.key);
    else if (secret?.kind === "ssh") ssh.push(secret.key);
    else if (secret) others.push(secret.text);
  }
  return { x25519, ssh, others };
}
