// SSH wrap and unwrap on random keys, payloads and bit flips: what hush wraps
// to an SSH key opens with that key to the same bytes and with no other key,
// and a flipped bit anywhere in the file is refused (a hush error), never
// opened to other bytes. The real age binary checks the same files in
// test/interop/ssh-age.test.ts; here the numbers are larger.
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unwrapDataKey } from "../../src/sopsfile/age-entries.js";
import type { IdentitySet } from "../../src/keys/identities.js";
import { publicIdentity } from "../../src/keys/identity.js";
import { readSshPrivateKey } from "../../src/age/ssh-private-key.js";
import { sshRecipientText } from "../../src/age/ssh-public-key.js";
import { SshIdentity } from "../../src/age/ssh-unwrap.js";
import { encryptSsh } from "../../src/age/ssh-wrap.js";
import { isHushError } from "../../src/errors.js";

const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 25);

/** A fresh key from node:crypto as a hush identity set, and its recipient. */
function sshIdentity(type: "ed25519" | "rsa"): { set: IdentitySet; recipient: string } {
  const { privateKey } = type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ed25519");
  const reading = readSshPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" }).toString());
  if (!("key" in reading)) throw new Error("expected a usable key");
  const recipient = sshRecipientText(reading.key.publicKey);
  return { set: { identities: [publicIdentity({ recipient, identity: new SshIdentity(reading.key) }, "test")], warnings: [] }, recipient };
}

// RSA keys are slow to make: two per kind of run, reused.
const RSA = [sshIdentity("rsa"), sshIdentity("rsa")];
const identity = (type: "ed25519" | "rsa", pick: number) => (type === "rsa" ? RSA[pick % 2]! : sshIdentity("ed25519"));

async function outcome(enc: string, recipient: string, set: IdentitySet): Promise<Buffer | string> {
  try {
    return Buffer.from(await unwrapDataKey([{ recipient, enc }], set));
  } catch (error) {
    if (isHushError(error)) return error.code;
    throw error;
  }
}

function armor(binary: Buffer): string {
  return ["-----BEGIN AGE ENCRYPTED FILE-----", ...(binary.toString("base64").match(/.{1,64}/g) ?? []), "-----END AGE ENCRYPTED FILE-----", ""].join("\n");
}

describe("SSH wrap and unwrap on random inputs", () => {
  it("opens to the same bytes with the key, and not with another key of either kind", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), fc.constantFrom("ed25519" as const, "rsa" as const), fc.nat(), async (plaintext, type, pick) => {
        const { set, recipient } = identity(type, pick);
        const enc = encryptSsh(plaintext, `${recipient} some comment`);
        expect(await outcome(enc, recipient, set)).toEqual(Buffer.from(plaintext));
        const stranger = type === "rsa" ? RSA[(pick + 1) % 2]! : sshIdentity("ed25519");
        expect(await outcome(enc, recipient, stranger.set)).toBe("NO_MATCHING_IDENTITY");
        expect(await outcome(enc, recipient, (type === "rsa" ? sshIdentity("ed25519") : RSA[0]!).set)).toBe("NO_MATCHING_IDENTITY");
      }),
      { numRuns: runs },
    );
  });

  it("a flipped bit anywhere in the file: refused, never other bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constantFrom("ed25519" as const, "rsa" as const), fc.nat(), fc.nat(), async (plaintext, type, pick, at) => {
        const { set, recipient } = identity(type, pick);
        const lines = encryptSsh(plaintext, recipient).trim().split("\n");
        const binary = Buffer.from(lines.slice(1, -1).join(""), "base64");
        const bit = at % (binary.length * 8);
        binary[bit >> 3]! ^= 1 << (bit & 7);
        const result = await outcome(armor(binary), recipient, set);
        expect(typeof result === "string" ? result : "opened to other bytes").toMatch(/^(METADATA_INVALID|NO_MATCHING_IDENTITY)$/);
      }),
      { numRuns: runs * 4 },
    );
  });
});
