// The Identity / Recipient seam (src/age/interfaces.ts) in typage's shape:
// one file encrypted to an X25519, an SSH and a post-quantum recipient opens
// with each identity alone, in hush and in age-encryption; the decrypter tries
// identities in order as typage's Decrypter does (null: next; a throw: the
// file's error; the first file key must match the header MAC).
import { inspect } from "node:util";
import { Decrypter, armor, generateHybridIdentity, identityToRecipient } from "age-encryption";
import { describe, expect, it } from "vitest";
import { decodeArmor, parseAgeFile, type Stanza } from "../../../src/age/age-file.js";
import { decryptAgeFile } from "../../../src/age/decrypter.js";
import { encryptAgeFile } from "../../../src/age/encrypter.js";
import type { Identity } from "../../../src/age/interfaces.js";
import { parseRecipient } from "../../../src/age/parse-recipient.js";
import { readSshPrivateKey } from "../../../src/age/ssh-private-key.js";
import { SshIdentity } from "../../../src/age/ssh-unwrap.js";
import { typageIdentity, typageRecipient } from "../../../src/age/typage-fallback.js";
import { decodeX25519Identity, x25519KeyFromScalar } from "../../../src/age/x25519-key.js";
import { X25519Identity } from "../../../src/age/x25519-unwrap.js";
import { identitiesFromText } from "../../../src/keys/identities.js";
import { ageIdentities } from "../../../src/keys/identity.js";
import { hushFailure } from "../../helpers/errors.js";
import { ALICE, BOB } from "../../helpers/keys.js";
import { ed25519Key } from "../../helpers/ssh-keys.js";

const PLAINTEXT = Uint8Array.from({ length: 100 }, (_, i) => i);
const alice = new X25519Identity(x25519KeyFromScalar(decodeX25519Identity(ALICE.identity)!));
const bob = new X25519Identity(x25519KeyFromScalar(decodeX25519Identity(BOB.identity)!));

function sshIdentity(): SshIdentity {
  const reading = readSshPrivateKey(ed25519Key().privateKey);
  if (!("key" in reading)) throw new Error("expected a usable key");
  return new SshIdentity(reading.key);
}

/** An identity that records that it was asked and answers `answer`. */
function probe(answer: () => Uint8Array | null): Identity & { asked: number } {
  return {
    asked: 0,
    unwrapFileKey() {
      this.asked++;
      return answer();
    },
  };
}

describe("one file, three kinds of recipient, each identity alone", () => {
  it("X25519, ssh-ed25519 and post-quantum hybrid: hush opens it with each; age-encryption with its kinds", async () => {
    const pq = await generateHybridIdentity();
    const recipients = await Promise.all([ALICE.recipient, ed25519Key().publicKey, await identityToRecipient(pq)].map(parseRecipient));
    const enc = await encryptAgeFile(PLAINTEXT, recipients);
    expect(parseAgeFile(decodeArmor(enc)).stanzas.map((s) => s.type)).toEqual(["X25519", "ssh-ed25519", "mlkem768x25519"]);

    const hybrid = (await typageIdentity(pq))!;
    for (const identity of [alice, sshIdentity(), hybrid.identity]) expect(await decryptAgeFile(enc, [identity])).toEqual(Buffer.from(PLAINTEXT));
    expect(await decryptAgeFile(enc, [bob])).toBeNull();

    // The stanzas hush writes for age-encryption's kinds are age-encryption's own.
    for (const identity of [pq, ALICE.identity]) {
      const decrypter = new Decrypter();
      decrypter.addIdentity(identity);
      expect(await decrypter.decrypt(armor.decode(enc))).toEqual(PLAINTEXT);
    }
  });

  it("typageIdentity gives the recipient age-encryption computes, and undefined for a bad checksum", async () => {
    const pq = await generateHybridIdentity();
    expect((await typageIdentity(pq))?.recipient).toBe(await identityToRecipient(pq));
    const bad = pq.slice(0, -1) + (pq.endsWith("Q") ? "P" : "Q");
    expect(await typageIdentity(bad)).toBeUndefined();
  });

  it("typageRecipient refuses what age-encryption refuses, with RECIPIENT_INVALID naming it", async () => {
    const error = await hushFailure(typageRecipient("age1yubikey1qqqq"));
    expect(error).toMatchObject({ code: "RECIPIENT_INVALID", message: "not an age recipient: age1yubikey1qqqq" });
  });

  it("a malformed hybrid stanza is METADATA_INVALID from its identity, not a crash or a silent miss", async () => {
    const pq = await generateHybridIdentity();
    const enc = await encryptAgeFile(PLAINTEXT, [await typageRecipient(await identityToRecipient(pq))]);
    const stanza = parseAgeFile(decodeArmor(enc)).stanzas[0]!;
    const extra: Stanza = { ...stanza, args: [...stanza.args, "extra"] };
    const hybrid = (await typageIdentity(pq))!.identity;
    const error = await hushFailure(Promise.resolve().then(() => hybrid.unwrapFileKey([extra])));
    expect(error).toMatchObject({ code: "METADATA_INVALID", message: "age-encryption refused a stanza of its identity" });
    expect(await hybrid.unwrapFileKey([{ type: "X25519", args: ["x"], body: new Uint8Array(32) }])).toBeNull(); // not its kind
  });
});

describe("an Identity keeps its secret out of sight", () => {
  it("util.inspect and JSON.stringify of an SSH, X25519 or hybrid identity show none of its key", async () => {
    const reading = readSshPrivateKey(ed25519Key().privateKey);
    if (!("key" in reading) || reading.key.type !== "ssh-ed25519") throw new Error("expected an ed25519 key");
    const seed = reading.key.seed;
    const pq = await generateHybridIdentity();
    const shown = [new SshIdentity(reading.key), alice, (await typageIdentity(pq))!.identity].map((i) => `${inspect(i, { depth: Infinity, showHidden: true })}${JSON.stringify(i)}`).join("\n");
    expect(inspect(seed)).toMatch(/^<Buffer [0-9a-f]{2} /); // what it would look like, shown
    expect(shown).not.toContain(inspect(seed).slice(8, 40));
    expect(shown).not.toContain(seed.toString("hex").slice(0, 16));
    expect(shown).not.toMatch(/Buffer|Uint8Array|KeyObject/);
  });
});

describe("the decrypter tries identities as typage's Decrypter does", () => {
  it("in order: null passes to the next, the first file key wins and the rest are not asked", async () => {
    const enc = await encryptAgeFile(PLAINTEXT, [await parseRecipient(ALICE.recipient)]);
    const miss = probe(() => null);
    const later = probe(() => null);
    expect(await decryptAgeFile(enc, [miss, bob, alice, later])).toEqual(Buffer.from(PLAINTEXT));
    expect([miss.asked, later.asked]).toEqual([1, 0]);
    expect(await decryptAgeFile(enc, [])).toBeNull();
  });

  it("a file key that does not match the header MAC is refused, however the identity got it", async () => {
    const enc = await encryptAgeFile(PLAINTEXT, [await parseRecipient(ALICE.recipient)]);
    const liar = probe(() => new Uint8Array(16));
    const error = await hushFailure(decryptAgeFile(enc, [liar, alice]));
    expect(error.message).toMatch(/header MAC does not match/);
    expect((await hushFailure(decryptAgeFile(enc, [probe(() => new Uint8Array(17))]))).message).toMatch(/file key has the wrong length/);
  });

  it("an identity that throws stops the file: its error, no later identity asked", async () => {
    const enc = await encryptAgeFile(PLAINTEXT, [await parseRecipient(ALICE.recipient)]);
    const later = probe(() => null);
    const broken: Identity = {
      unwrapFileKey() {
        throw Object.assign(new Error("boom"), { code: "X" });
      },
    };
    await expect(decryptAgeFile(enc, [broken, later])).rejects.toThrow("boom");
    expect(later.asked).toBe(0);
  });
});

describe("keys: the identity list built from the key sources", () => {
  it("is the set's identities in order, those age-encryption opens after the native ones", async () => {
    const pq = await generateHybridIdentity();
    const set = await identitiesFromText(`${pq}\n${BOB.identity}\n${ALICE.identity}`, "t");
    const list = ageIdentities(set);
    expect(list).toHaveLength(3);
    expect(list.slice(0, 2).every((i) => i instanceof X25519Identity)).toBe(true);
    expect(list[2]).not.toBeInstanceOf(X25519Identity);
    const enc = await encryptAgeFile(PLAINTEXT, [await parseRecipient(ALICE.recipient)]);
    expect(await decryptAgeFile(enc, list)).toEqual(Buffer.from(PLAINTEXT));
    expect(await decryptAgeFile(enc, list.slice(0, 1))).toBeNull(); // BOB's alone
  });
});
