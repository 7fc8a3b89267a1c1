// SSH private keys as age identities, read from what the real ssh-keygen
// writes: every format agessh reads (openssh-key-v1, PEM PKCS#1, PKCS#8),
// encrypted keys told apart (with the public key when the file shows it),
// and every refusal with a reason that holds no key bytes.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSshPrivateKey, type SshKeyReading } from "../../../src/age/ssh-private-key.js";
import { sshRecipientText } from "../../../src/age/ssh-public-key.js";
import { wireString } from "../../../src/age/ssh-wire.js";
import { ed25519Key, resaved, rsaKey, sshKey, type SshKeyPair } from "../../helpers/ssh-keys.js";

function usable(reading: SshKeyReading) {
  if (!("key" in reading)) throw new Error(`expected a usable key, got ${JSON.stringify(reading)}`);
  return reading.key;
}

function problem(reading: SshKeyReading): string {
  if (!("problem" in reading)) throw new Error("expected a refusal");
  return reading.problem;
}

/** The base64 lines of a PEM key: what no reason may quote. */
const keyLines = (pair: SshKeyPair) => pair.privateKey.split("\n").filter((l) => l && !l.startsWith("-----"));

describe("readSshPrivateKey: the keys agessh reads", () => {
  it("openssh-key-v1 ed25519 and rsa: the public key is the .pub's", () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      const key = usable(readSshPrivateKey(pair.privateKey));
      expect(sshRecipientText(key.publicKey)).toBe(pair.recipient);
      if (key.type === "ssh-ed25519") expect(key.seed.length).toBe(32);
      else expect(Object.keys(key.jwk).sort()).toEqual(["d", "dp", "dq", "e", "kty", "n", "p", "q", "qi"]);
    }
  });

  it("PEM RSA (PKCS#1) and PKCS#8 RSA, as ssh-keygen -m PEM / -m PKCS8 write them", () => {
    for (const format of ["PEM", "PKCS8"] as const) {
      const pair = resaved(rsaKey(), { format });
      expect(pair.privateKey.split("\n")[0]).toBe(format === "PEM" ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----");
      expect(sshRecipientText(usable(readSshPrivateKey(pair.privateKey)).publicKey)).toBe(pair.recipient);
    }
  });

  it("PKCS#8 Ed25519 (which Go's ssh package also reads): the public key of its seed", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
    const key = usable(readSshPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" }).toString()));
    expect(sshRecipientText(key.publicKey)).toBe(`ssh-ed25519 ${Buffer.concat([wireString("ssh-ed25519"), wireString(raw)]).toString("base64")}`);
  });

  it("CRLF line endings and text around the block", () => {
    const pair = ed25519Key();
    const key = usable(readSshPrivateKey(`comment line\r\n${pair.privateKey.replaceAll("\n", "\r\n")}\r\ntrailer`));
    expect(sshRecipientText(key.publicKey)).toBe(pair.recipient);
  });
});

describe("readSshPrivateKey: passphrase-protected keys", () => {
  it("openssh-key-v1 (ed25519, rsa): encrypted, with the public key the file shows in clear", () => {
    for (const plain of [ed25519Key(), rsaKey()]) {
      const pair = resaved(plain, { passphrase: "correct horse" });
      const reading = readSshPrivateKey(pair.privateKey);
      expect("encrypted" in reading && reading.publicKey && sshRecipientText(reading.publicKey)).toBe(pair.recipient);
    }
  });

  it("legacy encrypted PEM and encrypted PKCS#8: encrypted, public key unknown", () => {
    for (const format of ["PEM", "PKCS8"] as const) {
      const reading = readSshPrivateKey(resaved(rsaKey(), { format, passphrase: "correct horse" }).privateKey);
      expect(reading).toEqual({ encrypted: true });
    }
  });
});

describe("readSshPrivateKey: refusals name the problem, never the key", () => {
  it("ecdsa keys, OpenSSH and PEM", () => {
    for (const format of [undefined, "PEM"] as const) {
      const pair = sshKey({ type: "ecdsa", ...(format ? { format } : {}) });
      const why = problem(readSshPrivateKey(pair.privateKey));
      expect(why).toMatch(/only (ssh-)?ed25519 and (ssh-)?rsa|not supported/);
      for (const line of keyLines(pair)) expect(why).not.toContain(line);
    }
  });

  it("corrupted check bytes, truncation, bad base64, no END line, a public key", () => {
    const pair = ed25519Key();
    const lines = pair.privateKey.trim().split("\n");
    const bytes = Buffer.from(lines.slice(1, -1).join(""), "base64");
    // The two check ints start the private section, right after the magic, cipher, kdf, options, count and public key.
    const checkAt = bytes.indexOf(Buffer.from("none")) + 4 + 4 + 4 + 4 + 4 + 4 + 51 + 4;
    const flipped = Buffer.from(bytes);
    flipped[checkAt]! ^= 1;
    const pem = (b: Buffer) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${b.toString("base64")}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const cases: Array<[string, string, RegExp]> = [
      ["check bytes", pem(flipped), /check bytes differ/],
      ["truncated", pem(bytes.subarray(0, 60)), /truncated/],
      ["not base64", "-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n-----END OPENSSH PRIVATE KEY-----\n", /not base64/],
      ["no END line", lines.slice(0, -1).join("\n"), /no matching BEGIN and END/],
      ["a public key", pair.publicKey, /no matching BEGIN and END/],
      ["not openssh-key-v1", pem(Buffer.from("openssh-key-v2\0rest")), /not an openssh-key-v1 key/],
    ];
    for (const [name, text, reason] of cases) {
      const why = problem(readSshPrivateKey(text));
      expect(why, name).toMatch(reason);
      for (const line of keyLines(pair)) expect(why).not.toContain(line);
    }
  });
});
