/**
 * One age identity: parsing its text (once per process) into the age
 * Identity that opens its stanzas, kept beside the public `AgeIdentity` in a
 * WeakMap, so that no JSON.stringify, util.inspect or error ever shows its secret.
 */
import { HushError } from "../errors.js";
import type { Identity } from "../age/interfaces.js";
import { X25519Identity } from "../age/x25519-unwrap.js";
import { decodeX25519Identity, x25519KeyFromScalar, X25519_IDENTITY_PREFIX } from "../age/x25519-key.js";
import type { AgeIdentity, IdentitySet } from "./identity-set.js";

/**
 * A parsed identity: its recipient and the age Identity that opens its
 * stanzas (native X25519, an SSH key from ssh-identities.ts, or a kind only
 * age-encryption opens: post-quantum hybrid, `viaAgeEncryption`).
 */
export interface ParsedIdentity {
  readonly recipient: string;
  readonly identity: Identity;
  /** Opened by age-encryption (ML-KEM in JavaScript): tried after the native identities. */
  readonly viaAgeEncryption?: true;
}

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
    const hybrid = await (await import("../age/typage-fallback.js")).typageIdentity(text);
    if (!hybrid) throw invalid("not a valid post-quantum age identity (bad checksum or length)");
    return { ...hybrid, viaAgeEncryption: true };
  }
  if (text.startsWith(X25519_IDENTITY_PREFIX)) {
    const scalar = decodeX25519Identity(text);
    if (!scalar) throw invalid("not a valid age identity (bad checksum or length)");
    const key = x25519KeyFromScalar(scalar);
    return { recipient: key.recipient, identity: new X25519Identity(key) };
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

/**
 * The age Identities of a set, in its order, those age-encryption opens last
 * (the native ones cost one X25519 or RSA operation a stanza; a file any of
 * them opens never asks the slow ones). Identities not made here are skipped.
 * @throws never
 */
export function ageIdentities(set: IdentitySet): Identity[] {
  const native: Identity[] = [];
  const viaAgeEncryption: Identity[] = [];
  for (const face of set.identities) {
    const parsed = secrets.get(face);
    if (parsed) (parsed.viaAgeEncryption ? viaAgeEncryption : native).push(parsed.identity);
  }
  return [...native, ...viaAgeEncryption];
}
