import { describe, expect, it } from "vitest";
import { computeAccess, exposureOf, recipientOwners } from "../../../src/store/access-matrix.js";
import type { SecretInfo } from "../../../src/store/types.js";
import { testConfig } from "../../helpers/config.js";
import { ALICE, BOB, CI, DAVE } from "../../helpers/keys.js";

const config = testConfig;
const info = (name: string, recipients: string[], user?: string): SecretInfo => ({
  name,
  scope: user ? "user" : "shared",
  file: user ? `secrets/users/${user}/${name}.yaml` : `secrets/shared/${name}.yaml`,
  keys: ["k"],
  recipients,
  lastModified: "2026-01-01T00:00:00Z",
  ...(user ? { user } : {}),
});

describe("access matrix", () => {
  it("names readers from recipients, in config order", () => {
    const m = computeAccess(config(), [info("db", [CI.recipient, ALICE.recipient, BOB.recipient])]);
    expect(m.secrets[0]!.readers).toEqual(["alice", "bob", "ci"]);
    expect(m.secrets[0]!.missingUsers).toEqual([]);
    expect(m.secrets[0]!.staleRecipients).toEqual([]);
  });

  it("marks stale recipients (no user, not escrow) and users missing from a file they should read", () => {
    const m = computeAccess(config({ escrow: [DAVE.recipient] }), [info("db", [ALICE.recipient, "age1stale", DAVE.recipient])]);
    const row = m.secrets[0]!;
    expect(row.staleRecipients).toEqual(["age1stale"]);
    expect(row.escrow).toEqual([DAVE.recipient]);
    expect(row.missingUsers).toEqual(["bob", "ci"]);
    expect(m.counts).toMatchObject({ secrets: 1, withStaleRecipients: 1, withMissingUsers: 1 });
  });

  it("user scope: only the owner should read; anyone else is an unexpected reader", () => {
    const m = computeAccess(config(), [info("token", [ALICE.recipient, BOB.recipient], "alice")]);
    expect(m.secrets[0]).toMatchObject({ user: "alice", expectedReaders: ["alice"], readers: ["alice", "bob"], unexpectedReaders: ["bob"], missingUsers: [] });
  });

  it("shared readers listed by name leave the others out", () => {
    const m = computeAccess(config({ sharedReaders: ["alice"] }), [info("db", [ALICE.recipient, CI.recipient])]);
    expect(m.secrets[0]).toMatchObject({ expectedReaders: ["alice"], unexpectedReaders: ["ci"] });
  });

  it("a recipient shared by two users makes both readers", () => {
    const c = config({ users: { alice: { recipients: [ALICE.recipient] }, alice2: { recipients: [ALICE.recipient] } } });
    expect(recipientOwners(c).get(ALICE.recipient)).toEqual(["alice", "alice2"]);
    expect(computeAccess(c, [info("db", [ALICE.recipient])]).secrets[0]!.readers).toEqual(["alice", "alice2"]);
  });

  it("--user: what a departure exposes is every file holding one of their recipients", () => {
    const secrets = [info("db", [ALICE.recipient, BOB.recipient]), info("own", [BOB.recipient], "bob"), info("other", [ALICE.recipient], "alice")];
    expect(exposureOf(secrets, "bob", [BOB.recipient]).readable.map((s) => s.name)).toEqual(["db", "own"]);
    expect(exposureOf(secrets, "age1gone", ["age1gone"]).readable).toEqual([]);
  });

  // Work, not wall time (that is test/bench/access-matrix.js): reads of .hush.yaml's settings, counted.
  it("works out what each scope expects once, whatever the number of files; the rest grows linearly", () => {
    const reads = (shared: number): Map<string, number> => {
      const counts = new Map<string, number>();
      const counted = new Proxy(config({ escrow: [DAVE.recipient] }), {
        get(target, key, receiver) {
          counts.set(String(key), (counts.get(String(key)) ?? 0) + 1);
          return Reflect.get(target, key, receiver);
        },
      });
      const secrets = [
        ...Array.from({ length: shared }, (_, i) => info(`s${i}`, [ALICE.recipient, BOB.recipient, CI.recipient])),
        info("token", [ALICE.recipient], "alice"),
        info("token", [BOB.recipient], "bob"),
      ];
      expect(computeAccess(counted, secrets).secrets).toHaveLength(shared + 2);
      return counts;
    };
    const [one, some, many] = [reads(1), reads(1_001), reads(10_001)];
    for (const setting of ["sharedReaders", "escrow"]) {
      expect(some.get(setting), setting).toBe(one.get(setting));
      expect(many.get(setting), setting).toBe(one.get(setting));
    }
    const perFile = (counts: Map<string, number>): number => (counts.get("users") ?? 0) - (one.get("users") ?? 0);
    expect(perFile(some)).toBeGreaterThan(0);
    expect(perFile(many)).toBe(10 * perFile(some));
  });
});
