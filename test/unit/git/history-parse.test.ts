import { describe, expect, it } from "vitest";
import { diffKeys, diffRecipients, historyFromCommits, parseLogPatch, secretOfPath } from "../../../src/git/history.js";
import { ALICE, BOB, CI } from "../../helpers/keys.js";

const R = "\x1e";
const F = "\x1f";
const patch = [
  `${R}c2${F}c1${F}Bob${F}bob@x${F}2026-01-02T00:00:00+00:00${F}rotate`,
  "",
  "diff --git a/secrets/shared/db.yaml b/secrets/shared/db.yaml",
  "index 1..2 100644",
  "--- a/secrets/shared/db.yaml",
  "+++ b/secrets/shared/db.yaml",
  "@@ -2 +2 @@ user: ENC[AES256_GCM,data:u]",
  "-password: ENC[AES256_GCM,data:old]",
  "+password: ENC[AES256_GCM,data:new]",
  "@@ -3,0 +4 @@",
  "+token: ENC[AES256_GCM,data:t]",
  "@@ -9,3 +10,3 @@",
  `-        - recipient: ${BOB.recipient}`,
  "-          enc: |",
  `+        - recipient: age1stale`,
  '-    lastmodified: "2026-01-01T00:00:00Z"',
  '+    lastmodified: "2026-01-02T00:00:00Z"',
  "-    mac: ENC[AES256_GCM,data:m1]",
  "+    mac: ENC[AES256_GCM,data:m2]",
  `${R}c1${F}${F}Alice${F}alice@x${F}2026-01-01T00:00:00+00:00${F}create`,
  "",
  "diff --git a/secrets/users/alice/db.yaml b/secrets/users/alice/db.yaml",
  "new file mode 100644",
  "--- /dev/null",
  "+++ b/secrets/users/alice/db.yaml",
  "@@ -0,0 +1,4 @@",
  "+user: ENC[AES256_GCM,data:u]",
  "+sops:",
  "+    age:",
  `+        - recipient: ${ALICE.recipient}`,
  "diff --git a/stacks/x.yaml b/stacks/x.yaml",
  "--- a/stacks/x.yaml",
  "+++ b/stacks/x.yaml",
  "@@ -1 +1 @@",
  "-a: b",
  "+a: c",
  "",
].join("\n");

describe("history from a -U0 patch", () => {
  it("diffs key and recipient lists", () => {
    expect(
      diffKeys(
        new Map([
          ["a", "1"],
          ["b", "2"],
          ["c", "3"],
        ]),
        new Map([
          ["b", "2"],
          ["c", "9"],
          ["d", "4"],
        ]),
      ),
    ).toEqual({ added: ["d"], removed: ["a"], changed: ["c"] });
    expect(diffRecipients(["x", "y"], ["y", "z", "y"])).toEqual({ added: ["z"], removed: ["x"] });
  });

  it("maps paths to secrets", () => {
    expect(secretOfPath({ secretsDir: "secrets" }, "secrets/shared/db.yaml")).toEqual({ name: "db", scope: "shared" });
    expect(secretOfPath({ secretsDir: "secrets/" }, "secrets/users/bob/tok.yaml")).toEqual({ name: "tok", scope: "user", user: "bob" });
    expect(secretOfPath({ secretsDir: "secrets" }, "secrets/other/x.yaml")).toBeUndefined();
    expect(secretOfPath({ secretsDir: "secrets" }, "stacks/x.yaml")).toBeUndefined();
  });

  it("reads commits, files, key and recipient changes; ignores the sops block's own lines and files outside secrets/", () => {
    const commits = parseLogPatch(patch);
    expect(commits.map((c) => c.commit)).toEqual(["c2", "c1"]);
    const histories = historyFromCommits(
      { secretsDir: "secrets", users: { alice: { recipients: [ALICE.recipient] }, bob: { recipients: [BOB.recipient] } } },
      commits,
    );
    expect(histories.map((h) => h.file)).toEqual(["secrets/shared/db.yaml", "secrets/users/alice/db.yaml"]);
    const shared = histories[0]!.commits[0]!;
    expect(shared).toMatchObject({
      parents: ["c1"],
      merge: false,
      author: "Bob",
      email: "bob@x",
      subject: "rotate",
      created: false,
      deleted: false,
      added: ["token"],
      removed: [],
      changed: ["password"],
    });
    expect(shared.recipientsRemoved).toEqual([{ recipient: BOB.recipient, users: ["bob"] }]);
    expect(shared.recipientsAdded).toEqual([{ recipient: "age1stale", users: [] }]);
    const created = histories[1]!;
    expect(created).toMatchObject({ name: "db", scope: "user", user: "alice" });
    expect(created.commits[0]).toMatchObject({ created: true, added: ["user"], recipientsAdded: [{ recipient: ALICE.recipient, users: ["alice"] }] });
    // Ciphertext never leaks into the result.
    expect(JSON.stringify(histories)).not.toContain("ENC[");
  });

  // `git log -p -U0 --diff-merges=combined` of a merge (real git 2.39 output, shapes as hush's merge driver writes them):
  // ours changed user, theirs changed password and added ci; the result differs from both (MAC, lastmodified).
  const merge = [
    `${R}m1${F}p1 p2${F}Alice${F}alice@x${F}2026-01-03T00:00:00+00:00${F}Merge branch 'feature'`,
    "",
    "diff --combined secrets/shared/db.yaml",
    "index 1111111,2222222..3333333",
    "--- a/secrets/shared/db.yaml",
    "+++ b/secrets/shared/db.yaml",
    "@@@ -1,1 -1,1 +1,1 @@@",
    " -user: ENC[AES256_GCM,data:u0]",
    " +user: ENC[AES256_GCM,data:u1]",
    "@@@ -2,1 -2,1 +2,1 @@@ user: ENC[AES256_GCM,data:u1]",
    "- password: ENC[AES256_GCM,data:p0]",
    "+ password: ENC[AES256_GCM,data:p2]",
    "@@@ -5,0 -5,3 +5,3 @@@",
    `+         - recipient: ${CI.recipient}`,
    "@@@ -9,2 -12,2 +12,2 @@@",
    '-     lastmodified: "2026-01-02T00:00:00Z"',
    ' -    lastmodified: "2026-01-02T00:00:01Z"',
    '++    lastmodified: "2026-01-03T00:00:00Z"',
    "diff --combined secrets/shared/new.yaml",
    "index 0000000,4444444..5555555",
    "--- a/secrets/shared/new.yaml",
    "+++ b/secrets/shared/new.yaml",
    "@@@ -1,0 -1,1 +1,1 @@@",
    "++k: ENC[AES256_GCM,data:k]",
    `${R}c2${F}c1${F}Bob${F}bob@x${F}2026-01-02T00:00:00+00:00${F}a ${F} odd subject`,
    "",
  ].join("\n");

  it("a combined diff of a merge: keys and recipients relative to the first parent, flagged as a merge with its parents", () => {
    const commits = parseLogPatch(merge);
    expect(commits.map((c) => [c.commit, c.parents])).toEqual([
      ["m1", ["p1", "p2"]],
      ["c2", ["c1"]],
    ]);
    expect(commits[1]!.subject).toBe(`a ${F} odd subject`);
    const histories = historyFromCommits(
      { secretsDir: "secrets", users: { alice: { recipients: [ALICE.recipient] }, ci: { recipients: [CI.recipient] } } },
      commits,
    );
    const [db, created] = histories;
    expect(db!.commits).toHaveLength(1);
    // user: the first parent already has the result's line (column 1 blank), so no change against it.
    expect(db!.commits[0]).toMatchObject({
      commit: "m1",
      merge: true,
      parents: ["p1", "p2"],
      created: false,
      deleted: false,
      added: [],
      removed: [],
      changed: ["password"],
      recipientsAdded: [{ recipient: CI.recipient, users: ["ci"] }],
      recipientsRemoved: [],
    });
    // Absent from the first parent (present in the second): created relative to the first.
    expect(created!.file).toBe("secrets/shared/new.yaml");
    expect(created!.commits[0]).toMatchObject({ merge: true, created: true, added: ["k"] });
    expect(JSON.stringify(histories)).not.toContain("ENC[");
  });
});
