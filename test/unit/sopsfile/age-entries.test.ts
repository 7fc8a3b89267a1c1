// Wrapping (natively for X25519, age-encryption for post-quantum), unwrapping natively: ordering, counting, and every refusal.
import { describe, expect, it } from "vitest";
import { generateHybridIdentity, identityToRecipient } from "age-encryption";
import { unwrapDataKey, wrapDataKey } from "../../../src/sopsfile/age-entries.js";
import { identitiesFromText } from "../../../src/keys/identities.js";
import { x25519Attempts } from "../../../src/age/x25519-unwrap.js";
import { generateX25519Identity } from "../../../src/keys/keygen.js";
import { ALICE, BOB, CI } from "../../helpers/keys.js";
import { hushFailure } from "../../helpers/errors.js";

const DATA_KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7);


describe("wrapDataKey", () => {
  it("writes sops's armored layout (spec §6.1)", async () => {
    const enc = await wrapDataKey(DATA_KEY, ALICE.recipient);
    expect(enc).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END AGE ENCRYPTED FILE-----\n$/);
  });

  it("refuses a bad recipient with RECIPIENT_INVALID naming it", async () => {
    const bad = ALICE.recipient.slice(0, -1) + (ALICE.recipient.endsWith("6") ? "7" : "6");
    const error = await hushFailure(wrapDataKey(DATA_KEY, bad));
    expect(error.code).toBe("RECIPIENT_INVALID");
    expect(error.message).toContain(bad);
  });

  it("refuses, through age-encryption, what is not X25519 and not a type it knows (plugins, other HRPs)", async () => {
    // (ssh-... recipients are hush's own: test/unit/sopsfile/age-entries-ssh.test.ts)
    for (const bad of ["age1yubikey1qqqqqqqqqqqqqqqqqqqqqq", "ecdsa-sha2-nistp256 AAAA", "AGE1QQQQ"]) {
      const error = await hushFailure(wrapDataKey(DATA_KEY, bad));
      expect(error).toMatchObject({ code: "RECIPIENT_INVALID", message: `not an age recipient: ${bad}` });
      expect(error.cause).toBeInstanceOf(Error); // age-encryption's own refusal
    }
  });
});

describe("unwrapDataKey", () => {
  it("opens the entry of a loaded identity", async () => {
    const entries = [{ recipient: ALICE.recipient, enc: await wrapDataKey(DATA_KEY, ALICE.recipient) }];
    expect(await unwrapDataKey(entries, await identitiesFromText(ALICE.identity, "t"))).toEqual(DATA_KEY);
  });

  it("tries the matching entry first: 20 decoys before it cost no X25519 operation", async () => {
    const decoys = await Promise.all(Array.from({ length: 20 }, async () => {
      const { recipient } = generateX25519Identity();
      return { recipient, enc: await wrapDataKey(DATA_KEY, recipient) };
    }));
    const entries = [...decoys, { recipient: BOB.recipient, enc: await wrapDataKey(DATA_KEY, BOB.recipient) }];
    const identities = await identitiesFromText(`${ALICE.identity}\n${BOB.identity}`, "t");
    const before = x25519Attempts.count;
    expect(await unwrapDataKey(entries, identities)).toEqual(DATA_KEY);
    // One stanza, and at most both keys on it; in entry order it would be at least 2 * 20 more.
    expect(x25519Attempts.count - before).toBeLessThanOrEqual(2);
  });

  it("still opens an entry whose recipient field does not name the key (the slow path)", async () => {
    const entries = [
      { recipient: CI.recipient, enc: await wrapDataKey(DATA_KEY, CI.recipient) },
      { recipient: "age1someoneelse", enc: await wrapDataKey(DATA_KEY, ALICE.recipient) },
    ];
    const before = x25519Attempts.count;
    expect(await unwrapDataKey(entries, await identitiesFromText(ALICE.identity, "t"))).toEqual(DATA_KEY);
    expect(x25519Attempts.count - before).toBe(2);
  });

  it("NO_IDENTITY when the set is empty", async () => {
    const entries = [{ recipient: ALICE.recipient, enc: await wrapDataKey(DATA_KEY, ALICE.recipient) }];
    const error = await hushFailure(unwrapDataKey(entries, { identities: [], warnings: [] }, "secrets/db.yaml"));
    expect(error).toMatchObject({ code: "NO_IDENTITY", file: "secrets/db.yaml", message: "no age identity found" });
  });

  it("NO_MATCHING_IDENTITY listing the file's recipients", async () => {
    const entries = [ALICE, BOB].map((k) => k.recipient);
    const wrapped = await Promise.all(entries.map(async (recipient) => ({ recipient, enc: await wrapDataKey(DATA_KEY, recipient) })));
    const error = await hushFailure(unwrapDataKey(wrapped, await identitiesFromText(CI.identity, "t"), "secrets/db.yaml"));
    expect(error).toMatchObject({ code: "NO_MATCHING_IDENTITY", file: "secrets/db.yaml" });
    expect(error.message).toContain(`the file's recipients are: ${ALICE.recipient}, ${BOB.recipient}`);
    expect(error.message).not.toContain(CI.identity);
  });

  it("refuses a tampered entry of a loaded recipient with METADATA_INVALID", async () => {
    const enc = await wrapDataKey(DATA_KEY, ALICE.recipient);
    const lines = enc.split("\n");
    const body = Buffer.from(lines.slice(1, -2).join(""), "base64");
    body[body.length - 1]! ^= 1; // the last payload byte: the header still opens, the payload does not
    const tampered = ["-----BEGIN AGE ENCRYPTED FILE-----", ...(body.toString("base64").match(/.{1,64}/g) ?? []), "-----END AGE ENCRYPTED FILE-----", ""].join("\n");
    const error = await hushFailure(unwrapDataKey([{ recipient: ALICE.recipient, enc: tampered }], await identitiesFromText(ALICE.identity, "t")));
    expect(error.code).toBe("METADATA_INVALID");
    expect(error.message).toMatch(/payload does not verify/);
  });

  it("opens a post-quantum entry through age-encryption, beside native X25519 identities", async () => {
    const pq = await generateHybridIdentity();
    const recipient = await identityToRecipient(pq);
    const entries = [{ recipient, enc: await wrapDataKey(DATA_KEY, recipient) }];
    expect(await unwrapDataKey(entries, await identitiesFromText(`${ALICE.identity}\n${pq}`, "t"))).toEqual(DATA_KEY);
    expect((await hushFailure(unwrapDataKey(entries, await identitiesFromText(ALICE.identity, "t")))).code).toBe("NO_MATCHING_IDENTITY");
  });
});
