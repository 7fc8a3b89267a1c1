// Adopting hush in a repository that already uses sops: its own .sops.yaml
// rules (with a selection and destination_rules, comments, stores:) and its
// own sops files survive init, user add, secret import, user sync and user remove byte for
// byte outside hush's block, keep applying, and keep decrypting with the
// team's key; a team rule that already covers hush's paths stops init.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB, DAVE } from "../helpers/keys.js";

// DAVE plays the team's existing sops key (the one its CI decrypts k8s/ with).
const TEAM_SOPS_YAML = `# our sops setup, kept by hand
stores:
  yaml:
    indent: 4
creation_rules:
  # k8s secrets: only data and stringData are encrypted
  - path_regex: ^k8s/.*\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: ${DAVE.recipient}
destination_rules:
  - s3_bucket: team-bucket
    path_regex: ^s3/
    recreation_rule:
      age: ${DAVE.recipient}
`;

const MANIFEST = "apiVersion: v1\nkind: Secret\nmetadata:\n    name: api\ndata:\n    token: dG9rZW4=\n";

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** .sops.yaml without hush's block. */
const outsideBlock = (text: string) => text.replace(/^ *# >>> hush[\s\S]*?# <<< hush\n/m, "");

function teamRepo(): string {
  const dir = gitRepo({ ".sops.yaml": TEAM_SOPS_YAML, "k8s/api.yaml": MANIFEST, "legacy/app.json": '{"api_token": "legacy-token-value"}\n' });
  git(dir, "config", "user.name", "alice");
  ok(hush(["encrypt", "-i", "k8s/api.yaml"], { cwd: dir }));
  ok(hush(["encrypt", "--age", DAVE.recipient, "-i", "legacy/app.json"], { cwd: dir }));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "team's sops files");
  return dir;
}

function expectTeamSetupIntact(dir: string): void {
  expect(outsideBlock(readFileSync(join(dir, ".sops.yaml"), "utf8"))).toBe(TEAM_SOPS_YAML);
  // The team's files still decrypt with the team's key ...
  expect(ok(hush(["decrypt", "k8s/api.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: DAVE.identity } })).stdout).toBe(MANIFEST);
  expect(JSON.parse(ok(hush(["decrypt", "legacy/app.json"], { cwd: dir, env: { SOPS_AGE_KEY: DAVE.identity } })).stdout)).toEqual({
    api_token: "legacy-token-value",
  });
  // ... and its rule still applies to new files: only data is encrypted, to the team key.
  writeFileSync(join(dir, "k8s/new.yaml"), MANIFEST.replace("api", "new"));
  ok(hush(["encrypt", "-i", "k8s/new.yaml"], { cwd: dir }));
  const enc = readFileSync(join(dir, "k8s/new.yaml"), "utf8");
  expect(enc).toContain("kind: Secret");
  expect(enc).toMatch(/token: ENC\[AES256_GCM/);
  expect(enc).toContain(DAVE.recipient);
  expect(enc).not.toContain(ALICE.recipient);
  ok(hush(["updatekeys", "-y", "k8s/new.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: DAVE.identity } }));
}

describe("hush in a repository that already uses sops", () => {
  it("init, user add, user sync and user remove keep the team's rules, comments, stores: and destination_rules byte for byte", () => {
    const dir = teamRepo();
    const init = ok(hush(["init", "--user", "alice"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    expect(init.stdout).toContain("updated .sops.yaml (hush's rules added in a marked block at the top; your rules kept as they were)");
    expect(init.stdout).not.toContain("created .sops.yaml");
    expectTeamSetupIntact(dir);

    ok(hush(["secret", "create", "db", "--password=pw", "--scope", "shared"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    ok(hush(["user", "add", "bob", BOB.recipient], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    expect(readFileSync(join(dir, ".sops.yaml"), "utf8")).toContain("^secrets/users/bob/");
    // An existing sops file becomes a named secret bob can read; the original stays for the team's old tooling.
    ok(
      hush(["secret", "import", "legacy/app.json", "--name", "app", "--scope", "shared"], {
        cwd: dir,
        env: { SOPS_AGE_KEY: `${ALICE.identity}\n${DAVE.identity}` },
      }),
    );
    expect(JSON.parse(ok(hush(["secret", "get", "app", "--reveal", "--json"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } })).stdout).values).toEqual({
      api_token: "legacy-token-value",
    });
    expectTeamSetupIntact(dir);
    // hush's own files follow hush's rules: plain sops would encrypt a new shared file to alice and bob.
    expect(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8")).toContain(BOB.recipient);

    ok(hush(["check"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    // A team rule edited by hand is the team's business; check judges hush's block only.
    const sops = readFileSync(join(dir, ".sops.yaml"), "utf8");
    writeFileSync(join(dir, ".sops.yaml"), sops.replace("^(data|stringData)$", "^(data|stringData|binaryData)$"));
    ok(hush(["check"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    writeFileSync(join(dir, ".sops.yaml"), sops.replace(`- "${BOB.recipient}"`, `- "${DAVE.recipient}"`));
    const drift = hush(["check"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(drift.status).toBe(3);
    expect(drift.stdout + drift.stderr).toMatch(/^\.sops\.yaml:\d+:1: hush's creation rules are out of date with \.hush\.yaml/m);
    ok(hush(["user", "sync"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    expect(readFileSync(join(dir, ".sops.yaml"), "utf8")).toBe(sops);

    ok(hush(["user", "remove", "bob"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }));
    expect(readFileSync(join(dir, ".sops.yaml"), "utf8")).not.toContain(BOB.recipient);
    expectTeamSetupIntact(dir);
  });

  it("a team rule that already matches hush's paths stops init, naming it, before anything is written", () => {
    const catchAll = `creation_rules:\n  - path_regex: ^k8s/\n    age: ${DAVE.recipient}\n  - age: ${DAVE.recipient}\n`;
    const dir = gitRepo({ ".sops.yaml": catchAll });
    const r = hush(["init", "--user", "alice"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^hush: \.sops\.yaml:4: creation rule 2 of \.sops\.yaml has no path_regex, so it matches every file: hush's rules for secrets\/ go first and would take those files from it\. give that rule a path_regex that leaves secrets\/ out/,
    );
    expect(readFileSync(join(dir, ".sops.yaml"), "utf8")).toBe(catchAll);
    expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("?? .sops.yaml\n");

    const overlapping = `creation_rules:\n  - path_regex: secrets/\n    age: ${DAVE.recipient}\n`;
    writeFileSync(join(dir, ".sops.yaml"), overlapping);
    expect(hush(["init", "--user", "alice"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }).stderr).toMatch(
      /creation rule 1 of \.sops\.yaml \(path_regex "secrets\/"\) matches secrets\/shared\/example\.yaml/,
    );
  });
});
