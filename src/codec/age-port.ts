/**
 * The codec's door to age: src/age when its CONTRACT is implemented, else a
 * private interim (typage directly) so the codec can be built and tested
 * meanwhile. Both halves are chosen together, never mixed.
 */
import { webcrypto } from "node:crypto";
import { HushError } from "../errors.js";
import type { AgeIdentity, IdentitySet } from "../age/identities.js";
import type { AgeEntry } from "../sops/metadata.js";

interface AgePort {
  wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string>;
  unwrapDataKey(entries: readonly AgeEntry[], identities: IdentitySet, file?: string): Promise<Uint8Array>;
  identitiesFromText(text: string, source: string): Promise<IdentitySet>;
}

let chosen: Promise<AgePort> | undefined;

/** The age functions in use. */
export function agePort(): Promise<AgePort> {
  chosen ??= (async () => {
    const dataKey = await import("../age/data-key.js");
    const identities = await import("../age/identities.js");
    if (typeof dataKey.unwrapDataKey === "function" && typeof identities.identitiesFromText === "function") {
      return { wrapDataKey: dataKey.wrapDataKey, unwrapDataKey: dataKey.unwrapDataKey, identitiesFromText: identities.identitiesFromText };
    }
    return interimPort;
  })();
  return chosen;
}

/** True while src/age is not implemented yet (reported by tests and the port's users). */
export async function usingInterimAge(): Promise<boolean> {
  return (await agePort()) === interimPort;
}

// INTERIM: removed once src/age lands. Secret keys live beside the set, never on it.
const secrets = new WeakMap<IdentitySet, string[]>();

type Decrypter = InstanceType<typeof import("age-encryption").Decrypter>;
const decrypters = new WeakMap<IdentitySet, Promise<Decrypter>>();

/** One decrypter per identity set, its keys imported once as WebCrypto X25519 keys (about twice as fast as strings). */
function decrypterFor(identities: IdentitySet, keys: string[]): Promise<Decrypter> {
  let made = decrypters.get(identities);
  if (!made) {
    made = (async () => {
      const { Decrypter } = await import("age-encryption");
      const decrypter = new Decrypter();
      for (const key of keys) decrypter.addIdentity(await x25519CryptoKey(key).catch(() => key));
      return decrypter;
    })();
    decrypters.set(identities, made);
  }
  return made;
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
// PKCS#8 prefix of an X25519 private key (RFC 8410).
const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");

async function x25519CryptoKey(identity: string): Promise<webcrypto.CryptoKey | string> {
  const data = identity.toLowerCase().slice(identity.lastIndexOf("1") + 1, -6);
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of data) {
    acc = ((acc << 5) | BECH32.indexOf(c)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  if (bytes.length !== 32) return identity;
  return webcrypto.subtle.importKey("pkcs8", Buffer.concat([PKCS8_X25519, Buffer.from(bytes)]), { name: "X25519" }, false, ["deriveBits"]);
}

const interimPort: AgePort = {
  async wrapDataKey(dataKey, recipient) {
    const { Encrypter, armor } = await import("age-encryption");
    const encrypter = new Encrypter();
    try {
      encrypter.addRecipient(recipient);
    } catch (cause) {
      throw new HushError("RECIPIENT_INVALID", `not an age recipient: ${recipient}`, { cause });
    }
    return armor.encode(await encrypter.encrypt(dataKey));
  },
  async unwrapDataKey(entries, identities, file) {
    const keys = secrets.get(identities) ?? [];
    if (keys.length === 0) throw new HushError("NO_IDENTITY", "no age identity found", { file, hint: "set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY" });
    const { armor } = await import("age-encryption");
    const decrypter = await decrypterFor(identities, keys);
    const loaded = new Set(identities.identities.map((i) => i.recipient));
    const ordered = [...entries.filter((e) => loaded.has(e.recipient)), ...entries.filter((e) => !loaded.has(e.recipient))];
    for (const entry of ordered) {
      try {
        return await decrypter.decrypt(armor.decode(entry.enc));
      } catch {
        // try the next entry
      }
    }
    throw new HushError("NO_MATCHING_IDENTITY", `none of the loaded age identities opens the data key (file recipients: ${entries.map((e) => e.recipient).join(", ")})`, { file });
  },
  async identitiesFromText(text, source) {
    const { identityToRecipient } = await import("age-encryption");
    const keys = text.split(/\s+/).filter((t) => t.startsWith("AGE-SECRET-KEY-"));
    const identities: AgeIdentity[] = [];
    for (const key of keys) identities.push({ recipient: await identityToRecipient(key), source });
    const set: IdentitySet = { identities, warnings: [] };
    secrets.set(set, keys);
    return set;
  },
};
