import { describe, expect, it } from "vitest";
import { canRead, expectedRecipients, readersOf } from "../../../src/config/recipients.js";
import { isAgeRecipient } from "../../../src/age/recipient-syntax.js";
import type { HushConfig } from "../../../src/config/hush-config.js";
import { testConfig } from "../../helpers/config.js";
import { ALICE, BOB, CI, DAVE } from "../../helpers/keys.js";
import { ed25519Key, rsaKey, sshKey } from "../../helpers/ssh-keys.js";

function config(readers: string[], escrow: string[] = []): HushConfig {
  return testConfig({
    users: { alice: { recipients: [ALICE.recipient] }, bob: { recipients: [BOB.recipient, ALICE.recipient] }, ci: { recipients: [CI.recipient] } },
    sharedReaders: readers,
    escrow,
  });
}

describe("expectedRecipients", () => {
  it("user scope: the owner's recipients plus escrow", () => {
    expect(expectedRecipients(config(["*"], [DAVE.recipient]), "user", "alice")).toEqual([ALICE.recipient, DAVE.recipient]);
  });

  it("shared scope with *: every user, deduplicated, stable order", () => {
    expect(expectedRecipients(config(["*"]), "shared")).toEqual([ALICE.recipient, BOB.recipient, CI.recipient]);
  });

  it("shared scope with a list: only those readers, in config order", () => {
    expect(expectedRecipients(config(["ci", "alice"]), "shared")).toEqual([ALICE.recipient, CI.recipient]);
    expect(readersOf(config(["ci", "alice"]), "shared")).toEqual(["alice", "ci"]);
  });

  it("an unknown owner has no recipients but escrow", () => {
    expect(expectedRecipients(config(["*"], [DAVE.recipient]), "user", "zoe")).toEqual([DAVE.recipient]);
  });

  it("canRead follows the scope rules", () => {
    const c = config(["alice"]);
    expect(canRead(c, "alice", "shared")).toBe(true);
    expect(canRead(c, "bob", "shared")).toBe(false);
    expect(canRead(c, "bob", "user", "bob")).toBe(true);
    expect(canRead(c, "alice", "user", "bob")).toBe(false);
  });
});

describe("isAgeRecipient", () => {
  it("accepts real recipients", () => {
    for (const k of [ALICE, BOB, CI, DAVE]) expect(isAgeRecipient(k.recipient)).toBe(true);
  });

  it("refuses a typo (checksum), a key, and junk", () => {
    const typo = ALICE.recipient.slice(0, 20) + (ALICE.recipient[20] === "q" ? "p" : "q") + ALICE.recipient.slice(21);
    expect(isAgeRecipient(typo)).toBe(false);
    expect(isAgeRecipient(ALICE.identity)).toBe(false);
    expect(isAgeRecipient("age1xyz")).toBe(false);
    expect(isAgeRecipient("ssh-ed25519 AAAA")).toBe(false);
  });

  it("accepts SSH public keys from ssh-keygen (ed25519, rsa), with or without comment", () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      expect(isAgeRecipient(pair.publicKey)).toBe(true);
      expect(isAgeRecipient(pair.recipient)).toBe(true);
    }
  });

  it("refuses malformed SSH keys, other SSH key types, short RSA keys, and a comma (sops splits .sops.yaml entries on it)", () => {
    const pair = ed25519Key();
    const [type, base64] = pair.recipient.split(" ") as [string, string];
    expect(isAgeRecipient(`${type} ${base64.slice(0, -4)}`)).toBe(false);
    expect(isAgeRecipient(`ssh-rsa ${base64}`)).toBe(false);
    expect(isAgeRecipient(sshKey({ type: "ecdsa" }).publicKey)).toBe(false);
    expect(isAgeRecipient(`ssh-dss ${base64}`)).toBe(false);
    expect(isAgeRecipient(`${pair.recipient} alice,bob`)).toBe(false);
    expect(isAgeRecipient(`${pair.recipient}\n`)).toBe(false);
  });
});
