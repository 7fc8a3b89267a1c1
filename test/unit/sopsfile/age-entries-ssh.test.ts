// The sops data key wrapped to SSH recipients and unwrapped with SSH
// identities (src/age/ssh-wrap.ts, ssh-unwrap.ts through sopsfile/age-entries.ts): the
// same behaviour as X25519 (ordering, wrong key, tampering, refusals), and
// encrypted default keys named only when a file needs them.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { unwrapDataKey, wrapDataKey } from "../../../src/sopsfile/age-entries.js";
import { identitiesFromText, loadIdentities, type IdentitySet } from "../../../src/keys/identities.js";
import { sshAttempts } from "../../../src/age/ssh-unwrap.js";
import { wireMpint, wireString } from "../../../src/age/ssh-wire.js";
import { ALICE, BOB } from "../../helpers/keys.js";
import { hushFailure } from "../../helpers/errors.js";
import { ed25519Key, resaved, rsaKey, sshKey, type SshKeyPair } from "../../helpers/ssh-keys.js";
import { tempDir } from "../../helpers/tmp.js";

const DATA_KEY = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

const identitiesOf = (pair: SshKeyPair, extra: Record<string, string> = {}): Promise<IdentitySet> =>
  loadIdentities({ HOME: tempDir("hush-home-"), SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file, ...extra });

/** An ssh-ed25519 recipient line for a fresh key from node:crypto (no private key kept): a decoy. */
function decoyRecipient(): string {
  const x = Buffer.from(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!, "base64url");
  return `ssh-ed25519 ${Buffer.concat([wireString("ssh-ed25519"), wireString(x)]).toString("base64")} decoy`;
}

function rewrap(enc: string, edit: (binary: Buffer) => Buffer): string {
  const lines = enc.trim().split("\n");
  const binary = edit(Buffer.from(lines.slice(1, -1).join(""), "base64"));
  return ["-----BEGIN AGE ENCRYPTED FILE-----", ...(binary.toString("base64").match(/.{1,64}/g) ?? []), "-----END AGE ENCRYPTED FILE-----", ""].join("\n");
}

describe("wrapDataKey and unwrapDataKey with SSH keys", () => {
  it("ed25519 and rsa: the entry (recipient with its comment) opens with the key file's identity", async () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      const enc = await wrapDataKey(DATA_KEY, pair.publicKey);
      expect(enc).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END AGE ENCRYPTED FILE-----\n$/);
      expect(await unwrapDataKey([{ recipient: pair.publicKey, enc }], await identitiesOf(pair))).toEqual(DATA_KEY);
    }
  });

  it("tries the entry of a loaded key first, whatever its comment: 12 SSH decoys before it cost no SSH operation", async () => {
    const pair = ed25519Key();
    const decoys = await Promise.all(Array.from({ length: 12 }, async () => {
      const recipient = decoyRecipient();
      return { recipient, enc: await wrapDataKey(DATA_KEY, recipient) };
    }));
    const entries = [...decoys, { recipient: `${pair.recipient} renamed@elsewhere`, enc: await wrapDataKey(DATA_KEY, pair.publicKey) }];
    const identities = await identitiesOf(pair);
    const before = sshAttempts.count;
    expect(await unwrapDataKey(entries, identities)).toEqual(DATA_KEY);
    expect(sshAttempts.count - before).toBe(1);
  });

  it("SSH and X25519 identities together: each opens its own kind of entry", async () => {
    const pair = rsaKey();
    const identities = await identitiesOf(pair, { SOPS_AGE_KEY: ALICE.identity });
    expect(await unwrapDataKey([{ recipient: ALICE.recipient, enc: await wrapDataKey(DATA_KEY, ALICE.recipient) }], identities)).toEqual(DATA_KEY);
    expect(await unwrapDataKey([{ recipient: BOB.recipient, enc: await wrapDataKey(DATA_KEY, BOB.recipient) }, { recipient: pair.publicKey, enc: await wrapDataKey(DATA_KEY, pair.publicKey) }], identities)).toEqual(DATA_KEY);
  });

  it("another SSH key: NO_MATCHING_IDENTITY listing the file's recipients, as for X25519", async () => {
    const other = sshKey({ type: "ed25519", comment: "other" });
    const entries = [{ recipient: ed25519Key().publicKey, enc: await wrapDataKey(DATA_KEY, ed25519Key().publicKey) }];
    const error = await hushFailure(unwrapDataKey(entries, await identitiesOf(other), "secrets/db.yaml"));
    expect(error).toMatchObject({ code: "NO_MATCHING_IDENTITY", file: "secrets/db.yaml" });
    expect(error.message).toContain(`the file's recipients are: ${ed25519Key().publicKey}`);
    // An RSA identity meets an ed25519 stanza: no match either.
    expect((await hushFailure(unwrapDataKey(entries, await identitiesOf(rsaKey())))).code).toBe("NO_MATCHING_IDENTITY");
  });

  it("a tampered stanza body of a loaded key: METADATA_INVALID naming the entry", async () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      const enc = await wrapDataKey(DATA_KEY, pair.publicKey);
      // The stanza body is the header line after `-> ssh-...`: flip a byte of it in the base64 text.
      const tampered = rewrap(enc, (binary) => {
        const text = binary.toString("latin1");
        const at = text.indexOf("\n", text.indexOf("-> ssh-")) + 5;
        return Buffer.from(text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1), "latin1");
      });
      const error = await hushFailure(unwrapDataKey([{ recipient: pair.publicKey, enc: tampered }], await identitiesOf(pair)));
      expect(error.code).toBe("METADATA_INVALID");
      expect(error.message).toMatch(new RegExp(`^the age entry for ${pair.publicKey.replace(/[+/]/g, "\\$&")} cannot be opened: an ssh-(ed25519|rsa) stanza for this key does not open`));
    }
  });

  it("a malformed ssh-ed25519 stanza: METADATA_INVALID when it is a loaded key's entry", async () => {
    const pair = ed25519Key();
    const enc = await wrapDataKey(DATA_KEY, pair.publicKey);
    const broken = rewrap(enc, (binary) => Buffer.from(binary.toString("latin1").replace(/(-> ssh-ed25519 \S+ \S+)/, "$1 extra"), "latin1"));
    const error = await hushFailure(unwrapDataKey([{ recipient: pair.publicKey, enc: broken }], await identitiesOf(pair)));
    expect(error.message).toMatch(/an ssh-ed25519 stanza needs exactly two arguments/);
  });
});

describe("wrapDataKey refuses SSH recipients age refuses, naming them", () => {
  const identityPoint = Buffer.alloc(32);
  identityPoint[0] = 1; // y = 1: the neutral point, whose X25519 form is all zeros
  const wire = (raw: Buffer) => Buffer.concat([wireString("ssh-ed25519"), wireString(raw)]).toString("base64");
  const cases: Array<[string, string, RegExp]> = [
    ["a truncated key", "ssh-ed25519 AAAA", /malformed/],
    ["the neutral point", `ssh-ed25519 ${wire(identityPoint)}`, /low-order point/],
    ["a 1024-bit RSA key", `ssh-rsa ${Buffer.concat([wireString("ssh-rsa"), wireMpint(65537n), wireMpint((1n << 1023n) + 1n)]).toString("base64")}`, /shorter than 2048 bits/],
  ];
  for (const [name, recipient, why] of cases) {
    it(name, async () => {
      const error = await hushFailure(wrapDataKey(DATA_KEY, recipient));
      expect(error.code).toBe("RECIPIENT_INVALID");
      expect(error.message).toMatch(new RegExp(`^not a usable SSH recipient: ${recipient.replace(/[+/]/g, "\\$&")} \\(`));
      expect(error.message).toMatch(why);
    });
  }

  it("an Ed25519 key that is no curve point", async () => {
    // Half of all strings are points; the first that is not (age refuses it too: test/unit/age/ed25519-montgomery.test.ts).
    const { isEdwardsPoint } = await import("../../../src/age/ed25519-montgomery.js");
    let raw = Buffer.alloc(32, 2);
    while (isEdwardsPoint(raw)) raw = Buffer.from(raw.map((b) => (b + 1) & 0x7f));
    const error = await hushFailure(wrapDataKey(DATA_KEY, `ssh-ed25519 ${wire(raw)}`));
    expect(error.message).toMatch(/not a point on the curve/);
  });
});

describe("encrypted default SSH keys: named when a file needs one", () => {
  const locked = (pair: SshKeyPair, recipient = true) => ({ file: `/home/u/.ssh/id_${pair.publicKey.startsWith("ssh-rsa") ? "rsa" : "ed25519"}`, source: "default SSH key", ...(recipient ? { recipient: pair.recipient } : {}) });

  it("the only key for the file: NO_IDENTITY naming the key file, saying it is encrypted and what to do", async () => {
    const pair = ed25519Key();
    const entries = [{ recipient: pair.publicKey, enc: await wrapDataKey(DATA_KEY, pair.publicKey) }];
    const error = await hushFailure(unwrapDataKey(entries, { identities: [], warnings: [], locked: [locked(pair)] }, "secrets/db.yaml"));
    expect(error).toMatchObject({ code: "NO_IDENTITY", file: "secrets/db.yaml" });
    expect(error.message).toBe(`the file is encrypted to ${pair.recipient}, whose key /home/u/.ssh/id_ed25519 is passphrase-protected; hush cannot unlock SSH keys`);
    expect(error.hint).toMatch(/SOPS_AGE_SSH_PRIVATE_KEY_FILE/);
  });

  it("found by the stanza's tag when the entry's recipient field says something else (as age's EncryptedSSHIdentity looks)", async () => {
    const pair = rsaKey();
    const entries = [{ recipient: "someone", enc: await wrapDataKey(DATA_KEY, pair.publicKey) }];
    const identities = await identitiesFromText(ALICE.identity, "t");
    const error = await hushFailure(unwrapDataKey(entries, { ...identities, locked: [locked(pair)] }));
    expect(error.code).toBe("NO_MATCHING_IDENTITY");
    expect(error.message).toContain("/home/u/.ssh/id_rsa is passphrase-protected");
  });

  it("a key the file is not for changes nothing: the usual errors, the skipped keys named when nothing else was found", async () => {
    const pair = ed25519Key();
    const entries = [{ recipient: BOB.recipient, enc: await wrapDataKey(DATA_KEY, BOB.recipient) }];
    const other = await hushFailure(unwrapDataKey(entries, { ...(await identitiesFromText(ALICE.identity, "t")), locked: [locked(pair)] }));
    expect(other.code).toBe("NO_MATCHING_IDENTITY");
    expect(other.message).toMatch(/^none of the loaded age identities/);
    const none = await hushFailure(unwrapDataKey(entries, { identities: [], warnings: [], locked: [locked(pair, false)] }));
    expect(none).toMatchObject({ code: "NO_IDENTITY", message: "no usable age identity found (passphrase-protected SSH keys skipped: /home/u/.ssh/id_ed25519)" });
  });

  it("end to end from a HOME: an encrypted ~/.ssh/id_ed25519 the file is for", async () => {
    const pair = resaved(ed25519Key(), { passphrase: "correct horse" });
    const { mkdirSync, copyFileSync } = await import("node:fs");
    const home = tempDir("hush-home-");
    mkdirSync(`${home}/.ssh`);
    copyFileSync(pair.file, `${home}/.ssh/id_ed25519`);
    const entries = [{ recipient: pair.publicKey, enc: await wrapDataKey(DATA_KEY, pair.publicKey) }];
    const error = await hushFailure(unwrapDataKey(entries, await loadIdentities({ HOME: home })));
    expect(error.message).toContain(`${home}/.ssh/id_ed25519 is passphrase-protected`);
  });
});
