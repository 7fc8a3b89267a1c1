/**
 * age-encryption (typage, the npm package) behind this folder's Identity and
 * Recipient interfaces, for the kinds hush has no native code for:
 * post-quantum hybrid identities (`AGE-SECRET-KEY-PQ-1...`) and recipients
 * (`age1pq1...`), tag recipients (`age1tag1...`, `age1tagpq1...`). It is
 * loaded (~60 ms) only when one of those is used; the file around the
 * stanzas (armor, header, MAC, payload) stays hush's own.
 *
 * typage parses an identity or recipient string into an object of exactly
 * this seam's shape (its own Identity and Recipient interfaces), but exports
 * only the Decrypter and Encrypter that keep those objects, in a
 * TypeScript-private field (`identities`, `recipients`). They are taken from
 * there; a typage that keeps them elsewhere fails loudly here (and in
 * test/unit/age/typage-fallback.test.ts), never silently.
 */
import { malformed, type Stanza } from "./age-file.js";
import type { Identity, Recipient } from "./interfaces.js";
import { invalidRecipient } from "./x25519-wrap.js";

/** typage's stanza: the type is its first argument. */
interface TheirStanza {
  readonly args: string[];
  readonly body: Uint8Array;
}
interface TheirIdentity {
  unwrapFileKey(stanzas: TheirStanza[]): Uint8Array | null | Promise<Uint8Array | null>;
}
interface TheirRecipient {
  wrapFileKey(fileKey: Uint8Array): TheirStanza[] | Promise<TheirStanza[]>;
}

/** The one object typage parsed into `holder[field]`. @throws Error when typage no longer keeps it there (a dependency change, not a user error) */
function parsedBy<T>(holder: object, field: "identities" | "recipients", method: string): T {
  const list = (holder as Record<string, unknown>)[field];
  const item: unknown = Array.isArray(list) && list.length === 1 ? list[0] : undefined;
  if (typeof (item as Record<string, unknown> | undefined)?.[method] !== "function") {
    throw new Error(`age-encryption no longer keeps what it parsed in \`${field}\`: src/age/typage-fallback.ts must follow it`);
  }
  return item as T;
}

function toTheirs(stanza: Stanza, make: new (args: string[], body: Uint8Array) => TheirStanza): TheirStanza {
  return new make([stanza.type, ...stanza.args], Uint8Array.from(stanza.body));
}

function fromTheirs(stanza: TheirStanza): Stanza {
  const [type, ...args] = stanza.args;
  if (!type) throw new Error("age-encryption wrote a stanza without a type");
  return { type, args, body: stanza.body };
}

/** An identity only age-encryption opens. */
class TypageIdentity implements Identity {
  readonly #inner: TheirIdentity; // #private: no util.inspect or JSON.stringify shows it
  readonly #StanzaClass: new (args: string[], body: Uint8Array) => TheirStanza;

  constructor(inner: TheirIdentity, StanzaClass: new (args: string[], body: Uint8Array) => TheirStanza) {
    this.#inner = inner;
    this.#StanzaClass = StanzaClass;
  }

  /** @throws HushError METADATA_INVALID when age-encryption finds a stanza of its kind malformed */
  async unwrapFileKey(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    try {
      return await this.#inner.unwrapFileKey(stanzas.map((s) => toTheirs(s, this.#StanzaClass)));
    } catch {
      throw malformed("age-encryption refused a stanza of its identity");
    }
  }
}

/**
 * An identity string age-encryption knows (`AGE-SECRET-KEY-PQ-1...`) as an
 * Identity, with its recipient; undefined when age-encryption refuses it (a
 * bad checksum or length, a kind it does not know).
 * @throws Error only when age-encryption changed shape (see above)
 */
export async function typageIdentity(text: string): Promise<{ recipient: string; identity: Identity } | undefined> {
  const { Decrypter, Stanza: StanzaClass, identityToRecipient } = await import("age-encryption");
  const decrypter = new Decrypter();
  let recipient: string;
  try {
    recipient = await identityToRecipient(text);
    decrypter.addIdentity(text);
  } catch {
    return undefined;
  }
  return { recipient, identity: new TypageIdentity(parsedBy<TheirIdentity>(decrypter, "identities", "unwrapFileKey"), StanzaClass) };
}

/**
 * A recipient string age-encryption knows (`age1pq1...`, `age1tag1...`,
 * `age1tagpq1...`) as a Recipient.
 * @throws HushError RECIPIENT_INVALID naming the recipient (anything age-encryption refuses: plugins, typos, bad checksums)
 */
export async function typageRecipient(text: string): Promise<Recipient> {
  const { Encrypter } = await import("age-encryption");
  const encrypter = new Encrypter();
  try {
    encrypter.addRecipient(text);
  } catch (cause) {
    throw invalidRecipient(text, cause);
  }
  const inner = parsedBy<TheirRecipient>(encrypter, "recipients", "wrapFileKey");
  return {
    async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
      return (await inner.wrapFileKey(fileKey)).map(fromTheirs);
    },
  };
}
