// .sops.yaml as hush finds and applies it: looked up from the target file's
// directory (whatever the cwd), --config / SOPS_CONFIG, first matching rule,
// key flags over rules, broken configs, --verbose.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

const RULES = [
  "creation_rules:",
  "  - path_regex: ^secrets/prod/.*\\.yaml$",
  `    age: ${BOB.recipient}`,
  "    encrypted_regex: ^(password|token)$",
  "  - path_regex: (?i)\\.JSON$",
  "    age:",
  `      - ${CI.recipient}`,
  "    mac_only_encrypted: true",
  "  - path_regex: ^secrets/",
  `    age: "${ALICE.recipient}, ${CI.recipient}"`,
  "",
].join("\n");

function repo(): string {
  const root = tempDir();
  writeTree(root, {
    ".sops.yaml": RULES,
    "secrets/prod/db.yaml": "user: u\npassword: p\n",
    "secrets/dev/db.yaml": "user: u\npassword: p\n",
    "secrets/dev/x.json": '{"a": "b"}',
    "other/plain.yaml": "a: b\n",
    "elsewhere/.keep": "",
  });
  return root;
}

const recipientsOf = (text: string) => [...text.matchAll(/recipient: (age1\w+)/g)].map((m) => m[1]);

describe(".sops.yaml lookup and rules", () => {
  it("is found from the file's directory upward, run from an unrelated cwd; first matching rule wins", () => {
    const root = repo();
    const cwd = tempDir(); // not below the repository
    const prod = ok(hush(["encrypt", join(root, "secrets/prod/db.yaml")], { cwd })).stdout;
    expect(recipientsOf(prod)).toEqual([BOB.recipient]);
    expect(prod).toContain("user: u"); // encrypted_regex from the rule
    expect(prod).toMatch(/encrypted_regex:/);
    const dev = ok(hush(["encrypt", join(root, "secrets/dev/db.yaml")], { cwd })).stdout;
    expect(recipientsOf(dev)).toEqual([ALICE.recipient, CI.recipient]);
    expect(dev).toMatch(/user: ENC\[/);
    const json = ok(hush(["encrypt", join(root, "secrets/dev/x.json")], { cwd })).stdout;
    expect(recipientsOf(json.replace(/"recipient": "/g, "recipient: ").replace(/"/g, ""))).toEqual([CI.recipient]);
    expect(json).toMatch(/"mac_only_encrypted": true/);
  });

  it("rules exist, none matches: exit 1 naming the file and the config", () => {
    const root = repo();
    const r = hush(["encrypt", "other/plain.yaml"], { cwd: root });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(join(root, ".sops.yaml"));
    expect(r.stderr).toContain(join("other", "plain.yaml"));
    expect(r.stdout).toBe("");
  });

  it("--age and SOPS_AGE_RECIPIENTS override the rule's keys (then no match is no error); --age wins over the env", () => {
    const root = repo();
    const flag = ok(hush(["encrypt", "--age", ALICE.recipient, "secrets/prod/db.yaml"], { cwd: root, env: { SOPS_AGE_RECIPIENTS: CI.recipient } })).stdout;
    expect(recipientsOf(flag)).toEqual([ALICE.recipient]);
    expect(flag).toMatch(/encrypted_regex:/); // the rule's options still apply
    const fromEnv = ok(hush(["encrypt", "secrets/prod/db.yaml"], { cwd: root, env: { SOPS_AGE_RECIPIENTS: `${CI.recipient},${ALICE.recipient}` } })).stdout;
    expect(recipientsOf(fromEnv)).toEqual([CI.recipient, ALICE.recipient]);
    ok(hush(["encrypt", "--age", ALICE.recipient, "other/plain.yaml"], { cwd: root }));
    expect(hush(["encrypt", "--age", `${ALICE.recipient},`, "other/plain.yaml"], { cwd: root }).status).toBe(1); // empty part
  });

  it("--config and SOPS_CONFIG name the file, no search", () => {
    const root = repo();
    writeTree(root, { "alt.yaml": `creation_rules:\n  - age: ${CI.recipient}\n` });
    expect(recipientsOf(ok(hush(["encrypt", "--config", "alt.yaml", "other/plain.yaml"], { cwd: root })).stdout)).toEqual([CI.recipient]);
    expect(recipientsOf(ok(hush(["encrypt", "other/plain.yaml"], { cwd: root, env: { SOPS_CONFIG: join(root, "alt.yaml") } })).stdout)).toEqual([CI.recipient]);
    expect(hush(["encrypt", "--config", "missing.yaml", "other/plain.yaml"], { cwd: root }).status).toBe(100);
  });

  it("no config and no key: an error that says how to give one", () => {
    const dir = tempDir();
    writeTree(dir, { "a.yaml": "a: b\n" });
    const r = hush(["encrypt", "a.yaml"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--age|SOPS_AGE_RECIPIENTS|creation rule/);
  });

  it("a rule's option and a different flag conflict (exit 8)", () => {
    const root = repo();
    expect(hush(["encrypt", "--unencrypted-suffix", "_x", "secrets/prod/db.yaml"], { cwd: root }).status).toBe(8);
    ok(hush(["encrypt", "--encrypted-regex", "^user$", "secrets/prod/db.yaml"], { cwd: root })); // same option: the flag wins
  });

  it("broken YAML and broken rules: one line with file:line", () => {
    const root = repo();
    writeTree(root, { ".sops.yaml": "creation_rules:\n  - path_regex: [unclosed\n" });
    const bad = hush(["encrypt", "secrets/dev/db.yaml"], { cwd: root });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`^hush: ${join(root, ".sops.yaml").replace(/[.]/g, "\\.")}:\\d+`));
    writeTree(root, { ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient}\n    encrypted_regex: a\n    unencrypted_regex: b\n` });
    const two = hush(["encrypt", "secrets/dev/db.yaml"], { cwd: root });
    expect(two.status).toBe(1);
    expect(two.stderr).toMatch(/\.sops\.yaml:[34]: creation rule 1: only one of/);
    expect(two.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--verbose says which config, which rule, which recipients and which identities", () => {
    const root = repo();
    const cwd = tempDir();
    const r = ok(hush(["--verbose", "encrypt", join(root, "secrets/dev/db.yaml")], { cwd }));
    expect(r.stderr).toContain(`hush: config: ${join(root, ".sops.yaml")}`);
    expect(r.stderr).toMatch(/hush: rule: creation rule 3 \(line 9\) path_regex "\^secrets\/"/);
    expect(r.stderr).toContain(`hush: recipients: ${ALICE.recipient}, ${CI.recipient} (from the rule)`);
    writeTree(root, { "secrets/dev/db.enc.yaml": r.stdout });
    const d = ok(hush(["decrypt", "--verbose", join(root, "secrets/dev/db.enc.yaml")], { cwd, env: { SOPS_AGE_KEY: CI.identity } }));
    expect(d.stderr).toMatch(new RegExp(`hush: identity: ${CI.recipient} from SOPS_AGE_KEY`));
    expect(readFileSync(join(root, "secrets/dev/db.yaml"), "utf8")).toBe(d.stdout);
  });
});
