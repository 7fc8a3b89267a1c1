// hush encrypt / decrypt / set / unset / rotate / updatekeys / filestatus as a
// user runs them (bin/hush.js in a child process): flags, stdin, cross-format
// output, exit codes, atomic in-place writes, unchanged files, IV reuse.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE, BOB, CI, DAVE } from "../helpers/keys.js";

const env = { SOPS_AGE_KEY: ALICE.identity };
const PLAIN = "db:\n    user: admin\n    password: s3cr3t\n    port: 5432\nnote_unencrypted: visible\nlist:\n    - a\n    - b\n";

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** A temp dir holding plain.yaml and enc.yaml (encrypted to alice and bob). */
function workspace(): { dir: string; enc: string } {
  const dir = tempDir();
  writeTree(dir, { "plain.yaml": PLAIN });
  const r = ok(hush(["encrypt", "--age", `${ALICE.recipient},${BOB.recipient}`, "plain.yaml"], { cwd: dir }));
  writeFileSync(join(dir, "enc.yaml"), r.stdout);
  return { dir, enc: join(dir, "enc.yaml") };
}

const encOf = (text: string, key: string) => new RegExp(`${key}: (ENC\\[[^\\]]+\\])`).exec(text)?.[1];

describe("encrypt and decrypt", () => {
  it("round-trips, keeps _unencrypted values clear, and records both recipients", () => {
    const { dir, enc } = workspace();
    const text = readFileSync(enc, "utf8");
    expect(text).toContain("note_unencrypted: visible");
    expect(text).not.toContain("s3cr3t");
    expect(text).toContain(ALICE.recipient);
    expect(text).toContain(BOB.recipient);
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env })).stdout).toBe(PLAIN);
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } })).stdout).toBe(PLAIN);
  });

  it("a suffix in another letter case is binary, as sops reads it (`a.YAML` is not YAML)", () => {
    const dir = tempDir();
    writeTree(dir, { "a.YAML": PLAIN });
    const enc = JSON.parse(ok(hush(["encrypt", "--age", ALICE.recipient, "a.YAML"], { cwd: dir })).stdout) as Record<string, unknown>;
    expect(Object.keys(enc)).toEqual(["data", "sops"]);
    writeFileSync(join(dir, "enc.YAML"), JSON.stringify(enc));
    expect(ok(hush(["decrypt", "enc.YAML"], { cwd: dir, env })).stdout).toBe(PLAIN);
  });

  it("-i encrypts in place keeping the mode; --output writes elsewhere", () => {
    const dir = tempDir();
    writeTree(dir, { "a.yaml": PLAIN });
    chmodSync(join(dir, "a.yaml"), 0o640);
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "a.yaml"], { cwd: dir }));
    expect(statSync(join(dir, "a.yaml")).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, "a.yaml"), "utf8")).toContain("ENC[AES256_GCM");
    ok(hush(["decrypt", "--output", "out.yaml", "a.yaml"], { cwd: dir, env }));
    expect(readFileSync(join(dir, "out.yaml"), "utf8")).toBe(PLAIN);
    expect(statSync(join(dir, "out.yaml")).mode & 0o777).toBe(0o600); // new plaintext files are private
    ok(hush(["decrypt", "-i", "a.yaml"], { cwd: dir, env }));
    expect(readFileSync(join(dir, "a.yaml"), "utf8")).toBe(PLAIN);
    expect(readdirSync(dir).sort()).toEqual(["a.yaml", "out.yaml"]); // no temp file left
  });

  it("-i with --output is exit 8 and writes nothing", () => {
    const { dir, enc } = workspace();
    const before = readFileSync(enc);
    for (const cmd of [
      ["encrypt", "--age", ALICE.recipient, "plain.yaml"],
      ["decrypt", "enc.yaml"],
      ["rotate", "enc.yaml"],
    ]) {
      const r = hush([...cmd, "-i", "--output", "x.yaml"], { cwd: dir, env });
      expect(r.status).toBe(8);
      expect(r.stderr).toMatch(/--in-place and --output/);
    }
    expect(existsSync(join(dir, "x.yaml"))).toBe(false);
    expect(readFileSync(enc).equals(before)).toBe(true);
  });

  it("stdin with - : encrypt with --input-type, decrypt with --input-type", () => {
    const dir = tempDir();
    const e = ok(hush(["encrypt", "--age", ALICE.recipient, "--input-type", "json", "-"], { cwd: dir, input: '{"k": "v", "n": 1}' }));
    expect(e.stdout).toMatch(/^\{\n\t"k": "ENC\[/);
    const d = ok(hush(["decrypt", "--input-type", "json", "-"], { cwd: dir, env, input: e.stdout }));
    expect(d.stdout).toBe('{\n\t"k": "v",\n\t"n": 1\n}\n');
    // dotenv from stdin by --filename-override's suffix
    const e2 = ok(hush(["encrypt", "--age", ALICE.recipient, "--filename-override", "x.env", "-"], { cwd: dir, input: "A=b\n" }));
    expect(e2.stdout).toMatch(/^A=ENC\[/);
  });

  it("cross-format output: YAML in, JSON and dotenv out; JSON encrypted as YAML", () => {
    const { dir } = workspace();
    const json = ok(hush(["decrypt", "--output-type", "json", "enc.yaml"], { cwd: dir, env })).stdout;
    expect(JSON.parse(json)).toEqual({ db: { user: "admin", password: "s3cr3t", port: 5432 }, note_unencrypted: "visible", list: ["a", "b"] });
    writeTree(dir, { "flat.env": "A=1\nB_unencrypted=two\n" });
    const encEnv = ok(hush(["encrypt", "--age", ALICE.recipient, "--output-type", "yaml", "flat.env"], { cwd: dir })).stdout;
    expect(encEnv).toMatch(/^A: ENC\[/);
    writeFileSync(join(dir, "flat.enc.yaml"), encEnv);
    expect(ok(hush(["decrypt", "--output-type", "dotenv", "flat.enc.yaml"], { cwd: dir, env })).stdout).toBe("A=1\nB_unencrypted=two\n");
  });

  it("--extract: a string raw, a number, a map as a document, a list element", () => {
    const { dir } = workspace();
    expect(ok(hush(["decrypt", "--extract", '["db"]["password"]', "enc.yaml"], { cwd: dir, env })).stdout).toBe("s3cr3t");
    expect(ok(hush(["decrypt", "--extract", '["db"]["port"]', "enc.yaml"], { cwd: dir, env })).stdout).toBe("5432\n");
    expect(ok(hush(["decrypt", "--extract", "['db']", "enc.yaml"], { cwd: dir, env })).stdout).toBe("user: admin\npassword: s3cr3t\nport: 5432\n");
    expect(JSON.parse(ok(hush(["decrypt", "--extract", '["db"]', "--output-type", "json", "enc.yaml"], { cwd: dir, env })).stdout)).toEqual({
      user: "admin",
      password: "s3cr3t",
      port: 5432,
    });
    expect(ok(hush(["decrypt", "--extract", '["list"][1]', "enc.yaml"], { cwd: dir, env })).stdout).toBe("b");
    expect(ok(hush(["decrypt", "--extract", '["list"]', "--output-type", "json", "enc.yaml"], { cwd: dir, env })).stdout).toBe('[\n\t"a",\n\t"b"\n]\n');
  });

  it("--extract of a bad or missing path is exit 91 and prints nothing", () => {
    const { dir } = workspace();
    for (const path of ['["db"', "db", '["db"]["nope"]', '["list"][7]']) {
      const r = hush(["decrypt", "--extract", path, "enc.yaml"], { cwd: dir, env });
      expect(r.status, path).toBe(91);
      expect(r.stdout).toBe("");
    }
  });

  it("selection flags and --mac-only-encrypted are recorded in the file", () => {
    const dir = tempDir();
    writeTree(dir, { "k.yaml": "data:\n    a: x\nkind: Secret\nmeta_plain: zz\n" });
    const cases: [string[], RegExp, string[]][] = [
      [["--encrypted-regex", "^data$"], /encrypted_regex: \^data\$/, ["kind: Secret", "meta_plain: zz"]],
      [["--unencrypted-regex", "^kind$"], /unencrypted_regex: \^kind\$/, ["kind: Secret"]],
      [["--encrypted-suffix", "ta"], /encrypted_suffix: ta/, ["kind: Secret", "meta_plain: zz"]],
      [["--unencrypted-suffix", "_plain"], /unencrypted_suffix: _plain/, ["meta_plain: zz"]],
    ];
    for (const [flags, recorded, clear] of cases) {
      const out = ok(hush(["encrypt", "--age", ALICE.recipient, ...flags, "k.yaml"], { cwd: dir })).stdout;
      expect(out, flags.join(" ")).toMatch(recorded);
      for (const c of clear) expect(out, flags.join(" ")).toContain(c);
      expect(out).toMatch(/a: ENC\[/);
      writeFileSync(join(dir, "k.enc.yaml"), out);
      expect(ok(hush(["decrypt", "k.enc.yaml"], { cwd: dir, env })).stdout).toBe("data:\n    a: x\nkind: Secret\nmeta_plain: zz\n");
    }
    expect(ok(hush(["encrypt", "--age", ALICE.recipient, "--mac-only-encrypted", "k.yaml"], { cwd: dir })).stdout).toMatch(/mac_only_encrypted: true/);
    const two = hush(["encrypt", "--age", ALICE.recipient, "--encrypted-regex", "a", "--unencrypted-suffix", "_x", "k.yaml"], { cwd: dir });
    expect(two.status).toBe(8);
  });

  it("exit codes: 100 no such file, 203 already encrypted, 92 empty, 128 no identity / wrong identity, 51 MAC, 25 bad value", () => {
    const { dir, enc } = workspace();
    expect(hush(["decrypt", "missing.yaml"], { cwd: dir, env }).status).toBe(100);
    expect(hush(["encrypt", "--age", ALICE.recipient, "missing.yaml"], { cwd: dir }).status).toBe(100);
    const again = hush(["encrypt", "--age", ALICE.recipient, "enc.yaml"], { cwd: dir });
    expect(again.status).toBe(203);
    expect(again.stderr).toMatch(/^hush: enc\.yaml: the file is already encrypted/);
    writeTree(dir, { "empty.yaml": "" });
    expect(hush(["encrypt", "--age", ALICE.recipient, "empty.yaml"], { cwd: dir }).status).toBe(92);
    expect(hush(["decrypt", "enc.yaml"], { cwd: dir }).status).toBe(128);
    expect(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: CI.identity } }).status).toBe(128);
    const text = readFileSync(enc, "utf8");
    writeFileSync(join(dir, "mac.yaml"), text.replace("note_unencrypted: visible", "note_unencrypted: changed"));
    const mac = hush(["decrypt", "mac.yaml"], { cwd: dir, env });
    expect(mac.status).toBe(51);
    expect(mac.stdout).toBe("");
    expect(ok(hush(["decrypt", "--ignore-mac", "mac.yaml"], { cwd: dir, env })).stdout).toContain("note_unencrypted: changed");
    const user = encOf(text, "user")!;
    const password = encOf(text, "password")!;
    writeFileSync(join(dir, "swap.yaml"), text.replace(user, "X").replace(password, user).replace("X", password));
    const bad = hush(["decrypt", "swap.yaml"], { cwd: dir, env });
    expect(bad.status).toBe(25);
    expect(bad.stdout + bad.stderr).not.toMatch(/s3cr3t|admin/);
    expect(hush(["decrypt", "plain.yaml"], { cwd: dir, env }).status).toBe(1); // no sops metadata
  });

  it("filestatus", () => {
    const { dir } = workspace();
    expect(ok(hush(["filestatus", "enc.yaml"], { cwd: dir })).stdout).toBe('{"encrypted":true}\n');
    expect(ok(hush(["filestatus", "plain.yaml"], { cwd: dir })).stdout).toBe('{"encrypted":false}\n');
    const noMac = readFileSync(join(dir, "enc.yaml"), "utf8").replace(/ {4}mac: ENC\[[^\n]+\n/, '    mac: ""\n');
    writeTree(dir, { "nomac.yaml": noMac });
    expect(ok(hush(["filestatus", "nomac.yaml"], { cwd: dir })).stdout).toBe('{"encrypted":false}\n');
    expect(hush(["filestatus", "missing.yaml"], { cwd: dir }).status).toBe(100);
  });
});

describe("set and unset", () => {
  it("set changes only that value's ENC (IV reuse), keeps the data key, and the file decrypts", () => {
    const { dir, enc } = workspace();
    const before = readFileSync(enc, "utf8");
    ok(hush(["set", "enc.yaml", '["db"]["password"]', '"n3w"'], { cwd: dir, env }));
    const after = readFileSync(enc, "utf8");
    expect(encOf(after, "password")).not.toBe(encOf(before, "password"));
    for (const key of ["user", "port"]) expect(encOf(after, key)).toBe(encOf(before, key));
    const changed = before.split("\n").filter((line, i) => line !== after.split("\n")[i]);
    // the value, lastmodified (unless in the same second) and the MAC; the age entries are untouched
    expect(changed.length).toBeLessThanOrEqual(3);
    expect(changed.some((l) => l.includes("-----") || l.includes("recipient"))).toBe(false);
    expect(ok(hush(["decrypt", "--extract", '["db"]["password"]', "enc.yaml"], { cwd: dir, env })).stdout).toBe("n3w");
  });

  it("set of the same value leaves the file untouched (bytes and mtime), --idempotent too", () => {
    const { dir, enc } = workspace();
    const before = readFileSync(enc);
    const old = new Date("2001-01-01T00:00:00Z");
    execFileSync("touch", ["-d", old.toISOString(), enc]);
    ok(hush(["set", "enc.yaml", '["db"]["port"]', "5432"], { cwd: dir, env }));
    ok(hush(["set", "--idempotent", "enc.yaml", '["db"]["user"]', '"admin"'], { cwd: dir, env }));
    expect(readFileSync(enc).equals(before)).toBe(true);
    expect(statSync(enc).mtimeMs).toBe(old.getTime());
  });

  it("set creates missing keys, takes objects, appends past a list's end; --value-file and --value-stdin", () => {
    const { dir } = workspace();
    ok(hush(["set", "enc.yaml", '["new"]["deep"]', '{"a": 1, "b": [true, 2.5]}'], { cwd: dir, env }));
    ok(hush(["set", "enc.yaml", '["list"][9]', '"c"'], { cwd: dir, env }));
    writeTree(dir, { "v.json": '"from file"' });
    ok(hush(["set", "--value-file", "enc.yaml", '["f"]', "v.json"], { cwd: dir, env }));
    ok(hush(["set", "--value-stdin", "enc.yaml", '["s"]'], { cwd: dir, env, input: '"from stdin"' }));
    const json = JSON.parse(ok(hush(["decrypt", "--output-type", "json", "enc.yaml"], { cwd: dir, env })).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ new: { deep: { a: 1, b: [true, 2.5] } }, list: ["a", "b", "c"], f: "from file", s: "from stdin" });
  });

  it("a bad set path is exit 7; a bad JSON value fails; the file is unchanged", () => {
    const { dir, enc } = workspace();
    const before = readFileSync(enc);
    expect(hush(["set", "enc.yaml", '["db"', '"x"'], { cwd: dir, env }).status).toBe(7);
    expect(hush(["unset", "enc.yaml", "db"], { cwd: dir, env }).status).toBe(7);
    expect(hush(["set", "enc.yaml", '["db"]', "not json"], { cwd: dir, env }).status).toBe(1);
    expect(readFileSync(enc).equals(before)).toBe(true);
  });

  it("unset removes a key; a missing one fails unless --idempotent (then untouched)", () => {
    const { dir, enc } = workspace();
    ok(hush(["unset", "enc.yaml", '["db"]["user"]'], { cwd: dir, env }));
    expect(ok(hush(["decrypt", "--extract", '["db"]', "enc.yaml"], { cwd: dir, env })).stdout).toBe("password: s3cr3t\nport: 5432\n");
    const before = readFileSync(enc);
    const r = hush(["unset", "enc.yaml", '["db"]["user"]'], { cwd: dir, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nothing at \["db"\]\["user"\]/);
    ok(hush(["unset", "--idempotent", "enc.yaml", '["db"]["user"]'], { cwd: dir, env }));
    expect(readFileSync(enc).equals(before)).toBe(true);
  });

  it("a failing in-place command leaves the file's bytes as they were (MAC mismatch, no identity)", () => {
    const { dir, enc } = workspace();
    const tampered = readFileSync(enc, "utf8").replace("note_unencrypted: visible", "note_unencrypted: changed");
    writeFileSync(enc, tampered);
    expect(hush(["set", "enc.yaml", '["db"]["user"]', '"x"'], { cwd: dir, env }).status).toBe(51);
    expect(hush(["rotate", "-i", "enc.yaml"], { cwd: dir, env }).status).toBe(51);
    expect(hush(["decrypt", "-i", "enc.yaml"], { cwd: dir, env }).status).toBe(51);
    expect(hush(["set", "enc.yaml", '["db"]["user"]', '"x"'], { cwd: dir }).status).toBe(128);
    expect(readFileSync(enc, "utf8")).toBe(tampered);
    expect(readdirSync(dir).sort()).toEqual(["enc.yaml", "plain.yaml"]);
    // --ignore-mac lets set through, and the new MAC is valid again
    ok(hush(["set", "--ignore-mac", "enc.yaml", '["db"]["user"]', '"x"'], { cwd: dir, env }));
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env })).stdout).toContain("note_unencrypted: changed");
  });
});

describe("rotate and updatekeys", () => {
  it("rotate: new data key and every ciphertext new; --add-age / --rm-age; stdout unless -i", () => {
    const { dir, enc } = workspace();
    const before = readFileSync(enc, "utf8");
    const out = ok(hush(["rotate", "--add-age", CI.recipient, "--rm-age", BOB.recipient, "enc.yaml"], { cwd: dir, env })).stdout;
    expect(readFileSync(enc, "utf8")).toBe(before); // stdout only
    for (const key of ["user", "password", "port"]) expect(encOf(out, key)).not.toBe(encOf(before, key));
    expect(out).toContain(CI.recipient);
    expect(out).not.toContain(BOB.recipient);
    ok(hush(["rotate", "-i", "--add-age", CI.recipient, "--rm-age", BOB.recipient, "enc.yaml"], { cwd: dir, env }));
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: CI.identity } })).stdout).toBe(PLAIN);
    expect(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }).status).toBe(128);
  });

  it("updatekeys follows the creation rule, keeps staying entries and values; unchanged files untouched", () => {
    const { dir, enc } = workspace();
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - path_regex: enc\\.yaml$\n    age: ${ALICE.recipient},${CI.recipient}\n` });
    const before = readFileSync(enc, "utf8");
    const aliceEntry = /- enc: \|\n([\s\S]*?)recipient: age1gp2x/.exec(before)?.[1];
    // without -y and nothing typed: not written
    const asked = hush(["updatekeys", "enc.yaml"], { cwd: dir, env, input: "" });
    expect(asked.status).toBe(0);
    expect(asked.stderr).toContain(`+++ ${CI.recipient}`);
    expect(asked.stderr).toContain(`--- ${BOB.recipient}`);
    expect(readFileSync(enc, "utf8")).toBe(before);
    ok(hush(["updatekeys", "enc.yaml"], { cwd: dir, env, input: "y\n" }));
    const after = readFileSync(enc, "utf8");
    expect(after).toContain(CI.recipient);
    expect(after).not.toContain(BOB.recipient);
    expect(aliceEntry && after.includes(aliceEntry)).toBe(true);
    for (const key of ["user", "password", "port", "mac", "lastmodified"]) expect(encOf(after, key) ?? key).toBe(encOf(before, key) ?? key);
    expect(/lastmodified: .*/.exec(after)?.[0]).toBe(/lastmodified: .*/.exec(before)?.[0]);
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: CI.identity } })).stdout).toBe(PLAIN);
    const bytes = readFileSync(enc);
    const r = ok(hush(["updatekeys", "-y", "enc.yaml"], { cwd: dir, env }));
    expect(r.stderr).toMatch(/already up to date/);
    expect(readFileSync(enc).equals(bytes)).toBe(true);
  });

  it("updatekeys with key groups: a recipient added to one group, then the groups merged into one", () => {
    const dir = tempDir();
    const rule = (groups: string[][], threshold?: number) =>
      `creation_rules:\n  - path_regex: enc\\.yaml$\n    key_groups:\n${groups.map((g) => `      - age: [${g.map((r) => `"${r}"`).join(", ")}]\n`).join("")}${threshold ? `    shamir_threshold: ${threshold}\n` : ""}`;
    writeTree(dir, { ".sops.yaml": rule([[ALICE.recipient], [BOB.recipient]], 2), "enc.yaml": PLAIN });
    ok(hush(["encrypt", "-i", "enc.yaml"], { cwd: dir }));
    const before = readFileSync(join(dir, "enc.yaml"), "utf8");
    expect(before).toContain("key_groups:");
    const both = { SOPS_AGE_KEY: `${ALICE.identity}\n${BOB.identity}` };
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: both })).stdout).toBe(PLAIN);

    // CI joins bob's group: bob's key alone opens that group's share.
    writeTree(dir, { ".sops.yaml": rule([[ALICE.recipient], [BOB.recipient, CI.recipient]], 2) });
    const r = ok(hush(["updatekeys", "-y", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }));
    expect(r.stderr).toContain("keys updated (+1 -0)");
    const after = readFileSync(join(dir, "enc.yaml"), "utf8");
    for (const key of ["user", "password", "port", "mac"]) expect(encOf(after, key)).toBe(encOf(before, key));
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: `${ALICE.identity}\n${CI.identity}` } })).stdout).toBe(PLAIN);

    // Adding to alice's group needs alice's key: one line naming the group, exit 128, file untouched.
    writeTree(dir, {
      ".sops.yaml": rule(
        [
          [ALICE.recipient, CI.recipient],
          [BOB.recipient, CI.recipient],
        ],
        2,
      ),
    });
    const refused = hush(["updatekeys", "-y", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } });
    expect(refused.status).toBe(128);
    expect(refused.stderr).toMatch(/key group 1/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(readFileSync(join(dir, "enc.yaml"), "utf8")).toBe(after);

    // One group: the data key is re-split (same key, so values keep their ciphertexts); CI alone opens it.
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - path_regex: enc\\.yaml$\n    age: ${ALICE.recipient},${CI.recipient}\n` });
    const merged = ok(hush(["updatekeys", "-y", "enc.yaml"], { cwd: dir, env: both }));
    expect(merged.stderr).toContain("key groups re-split");
    const single = readFileSync(join(dir, "enc.yaml"), "utf8");
    expect(single).not.toContain("key_groups");
    for (const key of ["user", "password", "port", "mac"]) expect(encOf(single, key)).toBe(encOf(before, key));
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: CI.identity } })).stdout).toBe(PLAIN);
    expect(ok(hush(["updatekeys", "-y", "enc.yaml"], { cwd: dir, env: both })).stderr).toMatch(/already up to date/);
  });

  it("rotate --add-age / --rm-age with key groups: added to the first group, removed from every group", () => {
    const dir = tempDir();
    writeTree(dir, {
      ".sops.yaml": `creation_rules:\n  - key_groups:\n      - age: ["${ALICE.recipient}"]\n      - age: ["${BOB.recipient}", "${DAVE.recipient}"]\n    shamir_threshold: 2\n`,
      "enc.yaml": PLAIN,
    });
    ok(hush(["encrypt", "-i", "enc.yaml"], { cwd: dir }));
    const before = readFileSync(join(dir, "enc.yaml"), "utf8");
    const both = { SOPS_AGE_KEY: `${ALICE.identity}\n${BOB.identity}` };
    ok(hush(["rotate", "-i", "--add-age", CI.recipient, "--rm-age", DAVE.recipient, "enc.yaml"], { cwd: dir, env: both }));
    const after = readFileSync(join(dir, "enc.yaml"), "utf8");
    expect(after).not.toContain(DAVE.recipient);
    expect(encOf(after, "password")).not.toBe(encOf(before, "password"));
    expect(ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: `${CI.identity}\n${BOB.identity}` } })).stdout).toBe(PLAIN);
    // CI is in alice's group, not bob's: CI and alice hold one share between them.
    expect(hush(["decrypt", "enc.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: `${CI.identity}\n${ALICE.identity}` } }).status).toBe(128);
    const emptied = hush(["rotate", "-i", "--rm-age", BOB.recipient, "enc.yaml"], { cwd: dir, env: both });
    expect(emptied.status).not.toBe(0);
    expect(emptied.stderr).toMatch(/key group 2 without any recipient/);
    expect(readFileSync(join(dir, "enc.yaml"), "utf8")).toBe(after);
  });

  it("updatekeys of several files; a file no rule matches fails with the config named", () => {
    const { dir } = workspace();
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - path_regex: ^enc\n    age: ${ALICE.recipient}\n`, "other.yaml": "x: 1\n" });
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "other.yaml"], { cwd: dir }));
    writeTree(dir, { "enc2.yaml": readFileSync(join(dir, "enc.yaml")) });
    ok(hush(["updatekeys", "-y", "enc.yaml", "enc2.yaml"], { cwd: dir, env }));
    expect(readFileSync(join(dir, "enc2.yaml"), "utf8")).not.toContain(BOB.recipient);
    const r = hush(["updatekeys", "-y", "other.yaml"], { cwd: dir, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(join(dir, ".sops.yaml"));
    expect(r.stderr).toContain("other.yaml");
  });
});

describe("other formats", () => {
  it("binary (not UTF-8), dotenv and INI round-trip through encrypt and decrypt", () => {
    const dir = tempDir();
    const raw = Buffer.from([0, 255, 254, 10, 1, 2, 3, 0x80]);
    writeTree(dir, { "blob.bin": raw, "a.env": "API_KEY=abc\nDEBUG_unencrypted=true\n", "c.ini": "[db]\nuser = admin\npass = s3\n" });
    for (const name of ["blob.bin", "a.env", "c.ini"]) {
      ok(hush(["encrypt", "-i", "--age", ALICE.recipient, name], { cwd: dir }));
      expect(ok(hush(["filestatus", name], { cwd: dir })).stdout).toBe('{"encrypted":true}\n');
    }
    expect(readFileSync(join(dir, "blob.bin"), "utf8")).toMatch(/^\{\n\t"data": "ENC\[/);
    ok(hush(["decrypt", "--output", "blob.out", "blob.bin"], { cwd: dir, env }));
    expect(readFileSync(join(dir, "blob.out")).equals(raw)).toBe(true);
    expect(ok(hush(["decrypt", "a.env"], { cwd: dir, env })).stdout).toBe("API_KEY=abc\nDEBUG_unencrypted=true\n");
    expect(readFileSync(join(dir, "a.env"), "utf8")).toContain("DEBUG_unencrypted=true");
    expect(JSON.parse(ok(hush(["decrypt", "--output-type", "json", "c.ini"], { cwd: dir, env })).stdout)).toEqual({
      DEFAULT: {},
      db: { user: "admin", pass: "s3" },
    }); // go-ini's implicit section, as sops has it
    ok(hush(["set", "c.ini", '["db"]["pass"]', '"s4"'], { cwd: dir, env }));
    expect(ok(hush(["decrypt", "--extract", '["db"]["pass"]', "c.ini"], { cwd: dir, env })).stdout).toBe("s4");
  });

  it("an unknown --input-type/--output-type is a usage error, not a silent fallback", () => {
    const { dir } = workspace();
    expect(hush(["decrypt", "--output-type", "jsn", "enc.yaml"], { cwd: dir, env }).status).toBe(2);
  });
});
