// The ssh-ed25519 tweak and wrap key, and the ssh-rsa OAEP label, against
// files the real `age -R` wrote: computed by hand from hush's primitives, the
// stanza must open to a file key whose header MAC verifies and whose payload
// is the plaintext given to age. Every wrong variant (no tweak, another label,
// the comment in the salt) must fail on the same file, so the test tells them apart.
import { execFileSync } from "node:child_process";
import { constants, createHash, createPrivateKey, diffieHellman, hkdfSync, privateDecrypt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeArmor, decodeRawBase64, parseAgeFile, type AgeFile } from "../../../src/age/age-file.js";
import { headerMac, hkdf, open } from "../../../src/age/primitives.js";
import { ed25519Tweak, ed25519WrapKey, SSH_ED25519_LABEL, SSH_RSA_LABEL, tweakShared } from "../../../src/age/ssh-kdf.js";
import { readSshPrivateKey, type SshPrivateKey } from "../../../src/age/ssh-private-key.js";
import { sshTag } from "../../../src/age/ssh-public-key.js";
import { decryptPayload } from "../../../src/age/stream.js";
import { x25519KeyFromScalar, x25519PrivateKey, x25519PublicKey } from "../../../src/age/x25519-key.js";
import { ed25519Key, rsaKey, type SshKeyPair } from "../../helpers/ssh-keys.js";

const PLAINTEXT = Buffer.from("a sops data key stands in here: 32 bytes..", "latin1");

function ageEncryptTo(pair: SshKeyPair): AgeFile {
  const armored = execFileSync("age", ["-a", "-r", pair.publicKey], { input: PLAINTEXT, encoding: "utf8" });
  return parseAgeFile(decodeArmor(armored));
}

function privateKey(pair: SshKeyPair): SshPrivateKey {
  const reading = readSshPrivateKey(pair.privateKey);
  if (!("key" in reading)) throw new Error("expected a usable key");
  return reading.key;
}

/** The file key is right when the header MAC verifies and the payload opens to what age was given. */
function opensWith(file: AgeFile, fileKey: Buffer | undefined): boolean {
  if (fileKey?.length !== 16) return false;
  if (!headerMac(fileKey, file.headerForMac).equals(Buffer.from(file.mac))) return false;
  return decryptPayload(file.payload, fileKey).equals(PLAINTEXT);
}

describe("ssh-ed25519: the tweak and wrap key open what age wrote", () => {
  const pair = ed25519Key();
  const key = privateKey(pair);
  if (key.type !== "ssh-ed25519") throw new Error("expected ed25519");
  const wire = key.publicKey.wire;
  const file = ageEncryptTo(pair);
  const stanza = file.stanzas[0]!;
  const share = decodeRawBase64(stanza.args[1]!);
  const scalar = createHash("sha512").update(key.seed).digest().subarray(0, 32);
  const ours = x25519KeyFromScalar(scalar);
  const shared = diffieHellman({ privateKey: ours.privateKey, publicKey: x25519PublicKey(share) });
  const unwrap = (wrapKey: Buffer) => open(wrapKey, Buffer.alloc(12), stanza.body);

  it("age's stanza: type, the tag hush computes, a 32-byte share", () => {
    expect(file.stanzas).toHaveLength(1);
    expect(stanza.type).toBe("ssh-ed25519");
    expect(stanza.args[0]).toBe(sshTag(wire));
    expect(share.length).toBe(32);
  });

  it("HKDF-SHA-256(no key, salt = SSH wire key, info = label) is the tweak; X25519 by it, then the wrap key, opens the stanza", () => {
    // The tweak as node:crypto's own HKDF computes it: hush's one-block HKDF must agree.
    expect(ed25519Tweak(wire)).toEqual(Buffer.from(hkdfSync("sha256", Buffer.alloc(0), wire, SSH_ED25519_LABEL, 32)));
    const tweaked = diffieHellman({ privateKey: x25519PrivateKey(ed25519Tweak(wire)), publicKey: x25519PublicKey(shared) });
    expect(tweakShared(shared, wire)).toEqual(tweaked);
    const fileKey = unwrap(ed25519WrapKey(tweaked, share, ours.publicKey));
    expect(opensWith(file, fileKey)).toBe(true);
  });

  it("no variant opens it: no tweak, the X25519 label, the comment in the salt, the Ed25519 key in the salt", () => {
    const tweaked = tweakShared(shared, wire);
    const variants: Record<string, Buffer> = {
      "no tweak": ed25519WrapKey(shared, share, ours.publicKey),
      "X25519 label": hkdf(tweaked, Buffer.concat([share, ours.publicKey]), "age-encryption.org/v1/X25519"),
      "comment in the tweak salt": ed25519WrapKey(tweakShared(shared, Buffer.from(pair.publicKey)), share, ours.publicKey),
      "Ed25519 key in the salt": ed25519WrapKey(tweaked, share, key.publicKey.type === "ssh-ed25519" ? key.publicKey.ed25519 : new Uint8Array()),
    };
    for (const [name, wrapKey] of Object.entries(variants)) expect(opensWith(file, unwrap(wrapKey)), name).toBe(false);
  });
});

describe("ssh-rsa: OAEP with SHA-256 and age's label opens what age wrote", () => {
  const pair = rsaKey();
  const key = privateKey(pair);
  if (key.type !== "ssh-rsa") throw new Error("expected rsa");
  const file = ageEncryptTo(pair);
  const stanza = file.stanzas[0]!;
  const rsa = createPrivateKey({ key: key.jwk, format: "jwk" });
  const decrypt = (label: string, hash = "sha256") => {
    try {
      return privateDecrypt({ key: rsa, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash, oaepLabel: Buffer.from(label) }, stanza.body);
    } catch {
      return undefined;
    }
  };

  it("the stanza is ssh-rsa with hush's tag, and opens", () => {
    expect(stanza.type).toBe("ssh-rsa");
    expect(stanza.args).toEqual([sshTag(key.publicKey.wire)]);
    expect(opensWith(file, decrypt(SSH_RSA_LABEL))).toBe(true);
  });

  it("another label or hash does not open it", () => {
    expect(decrypt("age-encryption.org/v1/ssh-ed25519")).toBeUndefined();
    expect(decrypt("")).toBeUndefined();
    expect(decrypt(SSH_RSA_LABEL, "sha1")).toBeUndefined();
  });
});
