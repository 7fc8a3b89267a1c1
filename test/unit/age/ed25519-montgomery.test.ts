// The Edwards→Montgomery map against the real age binary. age-keygen -y
// computes X25519(s, 9) for a scalar s; for s = SHA-512(seed)[:32] that is the
// u-coordinate of the Ed25519 public key of that seed (both clamp s alike), so
// age's own recipient is the truth our conversion of the Ed25519 key must meet.
// Which 32-byte strings are points: the real `age -R` refuses the others.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edwardsToMontgomery, isEdwardsPoint } from "../../../src/age/ed25519-montgomery.js";
import { readSshPrivateKey } from "../../../src/age/ssh-private-key.js";
import { wireString } from "../../../src/age/ssh-wire.js";
import { decodeX25519Recipient, encodeX25519Identity } from "../../../src/age/x25519-key.js";
import { ed25519Key, sshKey } from "../../helpers/ssh-keys.js";
import { tempDir } from "../../helpers/tmp.js";

const P = 2n ** 255n - 19n;

/** age-keygen -y on X25519 identities made of SHA-512(seed)[:32]: the recipients age derives, as bytes. */
function ageRecipientsOfSeeds(seeds: readonly Uint8Array[]): Uint8Array[] {
  const file = join(tempDir(), "keys.txt");
  writeFileSync(file, seeds.map((seed) => encodeX25519Identity(createHash("sha512").update(seed).digest().subarray(0, 32))).join("\n") + "\n", { mode: 0o600 });
  const lines = execFileSync("age-keygen", ["-y", file], { encoding: "utf8" }).trim().split("\n");
  expect(lines).toHaveLength(seeds.length);
  return lines.map((line) => decodeX25519Recipient(line)!);
}

function littleEndian(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

describe("edwardsToMontgomery matches what age derives", () => {
  it("for 40 Ed25519 keys made by node:crypto: the u-coordinate is age-keygen's recipient of the same secret", () => {
    const keys = Array.from({ length: 40 }, () => generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }));
    const seeds = keys.map((jwk) => Buffer.from(jwk.d!, "base64url"));
    const theirs = ageRecipientsOfSeeds(seeds);
    for (const [i, jwk] of keys.entries()) {
      expect(Buffer.from(edwardsToMontgomery(Buffer.from(jwk.x!, "base64url"))!).toString("hex"), `key ${i}`).toBe(Buffer.from(theirs[i]!).toString("hex"));
    }
  });

  it("for keys made by ssh-keygen, read by hush's private key reader", () => {
    const pairs = [ed25519Key(), sshKey({ type: "ed25519", comment: "other" })];
    const readings = pairs.map((p) => readSshPrivateKey(p.privateKey));
    const seeds = readings.map((r) => ("key" in r && r.key.type === "ssh-ed25519" ? r.key.seed : Buffer.alloc(0)));
    const theirs = ageRecipientsOfSeeds(seeds);
    for (const [i, r] of readings.entries()) {
      if (!("key" in r) || r.key.publicKey.type !== "ssh-ed25519") throw new Error("expected an ed25519 key");
      expect(Buffer.from(edwardsToMontgomery(r.key.publicKey.ed25519)!)).toEqual(Buffer.from(theirs[i]!));
    }
  });
});

describe("which encodings are points: the real age binary decides", () => {
  it("for 24 random 32-byte strings, age -R accepts exactly those isEdwardsPoint accepts", () => {
    const dir = tempDir();
    let accepted = 0;
    for (let i = 0; i < 24; i++) {
      const raw = randomBytes(32);
      const line = `ssh-ed25519 ${Buffer.concat([wireString("ssh-ed25519"), wireString(raw)]).toString("base64")}`;
      writeFileSync(join(dir, "r.txt"), line + "\n");
      const age = spawnSync("age", ["-R", join(dir, "r.txt")], { input: "x", encoding: "utf8" });
      const ageAccepts = age.status === 0;
      if (ageAccepts) accepted++;
      expect(isEdwardsPoint(raw), `${raw.toString("hex")}: age ${ageAccepts ? "accepts" : `refuses (${age.stderr.trim()})`}`).toBe(ageAccepts);
      expect(edwardsToMontgomery(raw) !== undefined).toBe(ageAccepts);
    }
    // About half of all strings are points: both outcomes were seen (24 draws miss one with odds of 2^-23).
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(24);
  });
});

describe("Go's decoding rules (filippo.io/edwards25519 SetBytes, BytesMontgomery)", () => {
  it("the identity point (y = 1) maps to 32 zero bytes", () => {
    expect(edwardsToMontgomery(littleEndian(1n))).toEqual(new Uint8Array(32));
  });

  it("ignores the sign bit and accepts a non-reduced y (y + p) as the same point", () => {
    const key = Buffer.from(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!, "base64url");
    const flipped = Buffer.from(key);
    flipped[31]! ^= 0x80;
    expect(edwardsToMontgomery(flipped)).toEqual(edwardsToMontgomery(key));
    // y = 0 is a point (of order 4): u = 1. Its non-canonical encoding p decodes to it too.
    expect(edwardsToMontgomery(littleEndian(0n))).toEqual(littleEndian(1n));
    expect(edwardsToMontgomery(littleEndian(P))).toEqual(littleEndian(1n));
  });

  it("refuses other lengths", () => {
    expect(isEdwardsPoint(new Uint8Array(31))).toBe(false);
    expect(edwardsToMontgomery(new Uint8Array(33))).toBeUndefined();
  });
});
