// SSH recipients and identities against the real `age` binary, both ways,
// with keys from the real ssh-keygen: what hush wraps to ssh-ed25519 and
// ssh-rsa recipients, `age -d -i <key>` opens; what `age -R <key.pub>` wraps
// (as sops does it: an armored 32-byte data key), hush opens with the key.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { armor } from "age-encryption";
import { describe, expect, it } from "vitest";
import { decodeArmor, parseAgeFile } from "../../src/age/age-file.js";
import { unwrapDataKey, wrapDataKey } from "../../src/sopsfile/age-entries.js";
import { loadIdentities, type IdentitySet } from "../../src/keys/identities.js";
import { encryptSsh } from "../../src/age/ssh-wrap.js";
import { decryptFile, encryptFile, inspectFile } from "../../src/sopsfile/index.js";
import { getFormat } from "../../src/formats/index.js";
import { ALICE } from "../helpers/keys.js";
import { ed25519Key, resaved, rsaKey, sshKey, type SshKeyPair } from "../helpers/ssh-keys.js";
import { tempDir } from "../helpers/tmp.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

const identitiesOf = (pair: SshKeyPair): Promise<IdentitySet> => loadIdentities({ HOME: tempDir("hush-home-"), SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file });

/** `age -d -i <key>` on an armored or binary age file. */
const ageDecrypt = (pair: SshKeyPair, input: string | Uint8Array) => execFileSync("age", ["-d", "-i", pair.file], { input, stdio: "pipe" });
/** `age -R <key.pub>`; armored unless `binary`. */
const ageEncrypt = (pairs: SshKeyPair[], input: Uint8Array, binary = false) =>
  execFileSync("age", [...(binary ? [] : ["-a"]), ...pairs.flatMap((p) => ["-R", `${p.file}.pub`])], { input });

const KINDS: Array<[string, () => SshKeyPair]> = [
  ["ssh-ed25519", ed25519Key],
  ["ssh-rsa", rsaKey],
];

describe("the real age binary opens what hush wraps to SSH recipients", () => {
  for (const [name, pair] of KINDS) {
    it(`${name}: data keys, Shamir-sized shares and payloads across STREAM chunk boundaries, armored and binary`, () => {
      for (const size of [32, 33, 0, 1, 65536, 65537]) {
        const plaintext = randomBytes(size);
        const enc = encryptSsh(plaintext, pair().publicKey);
        expect(parseAgeFile(decodeArmor(enc)).stanzas.map((s) => s.type)).toEqual([name]);
        expect(ageDecrypt(pair(), enc).equals(plaintext), `size ${size}, armored`).toBe(true);
        expect(ageDecrypt(pair(), armor.decode(enc)).equals(plaintext), `size ${size}, binary`).toBe(true);
      }
    });
  }

  it("the recipient without its comment wraps the same key; age opens it with the PEM and PKCS#8 forms of the RSA key too", () => {
    const dataKey = randomBytes(32);
    expect(ageDecrypt(ed25519Key(), encryptSsh(dataKey, ed25519Key().recipient)).equals(dataKey)).toBe(true);
    const enc = encryptSsh(dataKey, rsaKey().publicKey);
    for (const format of ["PEM", "PKCS8"] as const) expect(ageDecrypt(resaved(rsaKey(), { format }), enc).equals(dataKey), format).toBe(true);
  });

  it("another SSH key does not open it, for age either", () => {
    const enc = encryptSsh(randomBytes(32), ed25519Key().publicKey);
    const other = sshKey({ type: "ed25519", comment: "other" });
    const r = spawnSync("age", ["-d", "-i", other.file], { input: enc, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no identity matched/);
  });
});

describe("hush opens what the real age binary wraps to SSH keys", () => {
  for (const [name, pair] of KINDS) {
    it(`${name}: a 32-byte data key from age -a -R, as sops writes it, alone and beside other recipients`, async () => {
      const dataKey = randomBytes(32);
      const identities = await identitiesOf(pair());
      const other = sshKey({ type: "ed25519", comment: "other" });
      for (const recipients of [[pair()], [other, pair()]]) {
        const entries = [{ recipient: pair().publicKey, enc: ageEncrypt(recipients, dataKey).toString() }];
        expect(Buffer.from(await unwrapDataKey(entries, identities)).equals(dataKey)).toBe(true);
      }
    });
  }

  it("an age file to an ed25519 key, an rsa key and an X25519 recipient opens with each of them", async () => {
    const dataKey = randomBytes(32);
    const enc = execFileSync("age", ["-a", "-R", `${ed25519Key().file}.pub`, "-R", `${rsaKey().file}.pub`, "-r", ALICE.recipient], {
      input: dataKey,
    }).toString();
    expect(
      parseAgeFile(decodeArmor(enc))
        .stanzas.map((s) => s.type)
        .sort(),
    ).toEqual(["X25519", "ssh-ed25519", "ssh-rsa"]);
    for (const pair of [ed25519Key(), rsaKey()]) {
      expect(Buffer.from(await unwrapDataKey([{ recipient: "x", enc }], await identitiesOf(pair))).equals(dataKey), pair.recipient).toBe(true);
    }
  });

  it("payloads across chunk boundaries, with the RSA key as PEM and PKCS#8 identities", async () => {
    for (const format of ["PEM", "PKCS8"] as const) {
      const identities = await identitiesOf(resaved(rsaKey(), { format }));
      for (const size of [0, 65537]) {
        const plaintext = randomBytes(size);
        // unwrapDataKey returns the payload: any size opens.
        const out = await unwrapDataKey([{ recipient: rsaKey().publicKey, enc: ageEncrypt([rsaKey()], plaintext).toString() }], identities);
        expect(Buffer.from(out).equals(plaintext), `${format}, size ${size}`).toBe(true);
      }
    }
  });

  it("refuses, as age does, a file to an SSH key whose header MAC was changed", async () => {
    const binary = ageEncrypt([ed25519Key()], randomBytes(32), true);
    const at = binary.indexOf("\n--- ") + 6;
    binary[at] = binary[at] === 0x41 ? 0x42 : 0x41;
    expect(spawnSync("age", ["-d", "-i", ed25519Key().file], { input: binary }).status).not.toBe(0);
    const error = await unwrapDataKey([{ recipient: ed25519Key().publicKey, enc: armor.encode(binary) }], await identitiesOf(ed25519Key())).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "METADATA_INVALID" });
    expect((error as Error).message).toMatch(/header MAC does not match/);
  });
});

describe("sops files with SSH recipients", () => {
  it("hush's entries open with age -d -i, and entries age wrote (as sops writes them) open in hush", async () => {
    const format = "json";
    const { document } = (await getFormat(format)).parse(Buffer.from('{"db": {"user": "admin", "password": "s3cret"}}'));
    const recipients = [ed25519Key().publicKey, rsaKey().publicKey, ALICE.recipient];
    const bytes = await encryptFile(document, { format, recipients });
    const entries = inspectFile(bytes, format, undefined, FILE_OWN_SELECTION).metadata.keyGroups[0]!.age;
    expect(entries.map((e) => e.recipient)).toEqual(recipients);
    const { dataKey } = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format, identities: await identitiesOf(ed25519Key()) });
    expect(ageDecrypt(ed25519Key(), entries[0]!.enc).equals(Buffer.from(dataKey))).toBe(true);
    expect(ageDecrypt(rsaKey(), entries[1]!.enc).equals(Buffer.from(dataKey))).toBe(true);

    // The same file with its SSH entries rewrapped by the real age, as sops would have written them.
    const json = JSON.parse(Buffer.from(bytes).toString("utf8")) as { sops: { age: Array<{ recipient: string; enc: string }> } };
    for (const [i, pair] of [ed25519Key(), rsaKey()].entries()) json.sops.age[i]!.enc = ageEncrypt([pair], dataKey).toString();
    json.sops.age.splice(2, 1); // no X25519 entry left: only an SSH key can open it
    const theirs = Buffer.from(JSON.stringify(json, null, 4));
    for (const pair of [ed25519Key(), rsaKey()]) {
      const opened = await decryptFile(theirs, { policy: FILE_OWN_SELECTION, format, identities: await identitiesOf(pair) });
      expect(Buffer.from(opened.dataKey).equals(Buffer.from(dataKey))).toBe(true);
    }
  });

  it("wrapDataKey to both kinds at once, each entry opened by age with its own key only", async () => {
    const dataKey = randomBytes(32);
    const dir = tempDir();
    for (const pair of [ed25519Key(), rsaKey()]) {
      const enc = await wrapDataKey(dataKey, pair.publicKey);
      writeFileSync(join(dir, "enc"), enc);
      expect(ageDecrypt(pair, enc).equals(dataKey)).toBe(true);
      const wrong = pair === ed25519Key() ? rsaKey() : ed25519Key();
      expect(spawnSync("age", ["-d", "-i", wrong.file, join(dir, "enc")]).status).not.toBe(0);
    }
  });
});
