// SSH recipients as age and sops parse them: keys from the real ssh-keygen
// parse, their tags are the ones the real `age` writes, and what hush refuses
// the real age refuses too (documented exceptions: hush also refuses a type
// word that is not the key's own type, and more than one line, which Go's
// ParseAuthorizedKey lets through).
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeArmor, parseAgeFile } from "../../../src/age/age-file.js";
import { parseSshRecipient, sshRecipientText, sshTag } from "../../../src/age/ssh-public-key.js";
import { wireMpint, wireString } from "../../../src/age/ssh-wire.js";
import { ed25519Key, rsaKey, sshKey } from "../../helpers/ssh-keys.js";

function parsed(text: string) {
  const key = parseSshRecipient(text);
  if ("problem" in key) throw new Error(`expected ${text} to parse: ${key.problem}`);
  return key;
}

function problem(text: string): string {
  const key = parseSshRecipient(text);
  if (!("problem" in key)) throw new Error(`expected ${text} to be refused`);
  return key.problem;
}

function ageRefuses(recipient: string): boolean {
  return spawnSync("age", ["-r", recipient], { input: "x" }).status !== 0;
}

const b64 = (...parts: Buffer[]) => Buffer.concat(parts).toString("base64");

describe("parseSshRecipient reads what ssh-keygen writes", () => {
  it("ed25519 and rsa public keys, with or without comment; the recipient text is type and base64", () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      const key = parsed(pair.publicKey);
      expect(key.type).toBe(pair.publicKey.split(" ")[0]);
      expect(key.wire.toString("base64")).toBe(pair.publicKey.split(" ")[1]);
      expect(sshRecipientText(key)).toBe(pair.recipient);
      expect(parsed(pair.recipient).tag).toBe(key.tag);
      expect(parsed(`${pair.recipient}   a comment, with spaces`).tag).toBe(key.tag);
    }
  });

  it("the tag is the one the real age writes in its stanza", () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      const armored = execFileSync("age", ["-a", "-r", pair.publicKey], { input: "x", encoding: "utf8" });
      const [stanza] = parseAgeFile(decodeArmor(armored)).stanzas;
      expect(stanza!.args[0]).toBe(parsed(pair.publicKey).tag);
      expect(sshTag(parsed(pair.publicKey).wire)).toBe(stanza!.args[0]);
    }
  });

  it("an RSA key of 3072 bits (ssh-keygen's default)", () => {
    expect(parsed(sshKey({ type: "rsa" }).publicKey).type).toBe("ssh-rsa");
  });
});

describe("parseSshRecipient refuses, with a reason that quotes no key bytes, what age refuses", () => {
  const ed = ed25519Key();
  const [, edBase64] = ed.publicKey.split(" ") as [string, string];
  const wire = Buffer.from(edBase64, "base64");
  const oddModulus = (bits: number) => {
    const n = randomBytes(bits / 8);
    n[0]! |= 0x80;
    n[n.length - 1]! |= 1;
    return BigInt(`0x${n.toString("hex")}`);
  };
  const cases: Array<[string, string, RegExp]> = [
    ["no key", "ssh-ed25519", /on one line/],
    ["too short to hold a key", "ssh-ed25519 AAAA", /malformed/],
    ["truncated base64", `ssh-ed25519 ${edBase64.slice(0, -1)}`, /truncated/],
    ["cut wire bytes", `ssh-ed25519 ${wire.subarray(0, wire.length - 3).toString("base64")}`, /malformed/],
    ["trailing bytes", `ssh-ed25519 ${b64(wire, Buffer.from([0, 0, 0, 0]))}`, /malformed/],
    ["a 31-byte key", `ssh-ed25519 ${b64(wireString("ssh-ed25519"), wireString(randomBytes(31)))}`, /32 bytes/],
    ["an ecdsa key", sshKey({ type: "ecdsa" }).publicKey, /on one line|cannot be age recipients/],
    ["a DSA key", `ssh-dss ${b64(wireString("ssh-dss"), wireMpint(7n))}`, /only ssh-ed25519 and ssh-rsa/],
    ["a 1024-bit RSA key", `ssh-rsa ${b64(wireString("ssh-rsa"), wireMpint(65537n), wireMpint(oddModulus(1024)))}`, /shorter than 2048 bits/],
    ["an even RSA exponent", `ssh-rsa ${b64(wireString("ssh-rsa"), wireMpint(65536n), wireMpint(oddModulus(2048)))}`, /exponent/],
  ];
  for (const [name, text, reason] of cases) {
    it(name, () => {
      const why = problem(text);
      expect(why).toMatch(reason);
      expect(why).not.toContain(edBase64.slice(20, 40));
      expect(ageRefuses(text), "the real age refuses it too").toBe(true);
    });
  }

  it("stricter than Go: a type word that is not the key's type, several lines (Go takes the type from the key bytes, and the first line)", () => {
    expect(problem(`ssh-rsa ${edBase64}`)).toBe("the key is an ssh-ed25519 key, not ssh-rsa");
    expect(ageRefuses(`ssh-rsa ${edBase64}`)).toBe(false);
    expect(problem(`${ed.publicKey}\n${ed.publicKey}`)).toMatch(/on one line/);
    expect(ageRefuses(`${ed.publicKey}\n${ed.publicKey}`)).toBe(false);
  });
});
