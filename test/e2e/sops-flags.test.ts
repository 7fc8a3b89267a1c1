// The sops flags and settings of sops 3.10–3.13 beyond the basics, as a user
// runs them (bin/hush.js in a child process, real age keys, temp dirs):
// --decryption-order / SOPS_DECRYPTION_ORDER, edit --show-master-keys with a
// scripted editor, the .sops.yaml `stores:` indents (and --indent) on every
// command that writes, and which sops.version a rewritten file gets.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { requireSopsReal } from "../helpers/fixtures.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

const EDITOR = `${process.execPath} ${join(import.meta.dirname, "../fixtures/editor.js")}`;
const key = { SOPS_AGE_KEY: ALICE.identity };
const PLAIN = "db:\n    user: admin\n    password: s3cr3t\n    port: 5432\nnote_unencrypted: visible\nlist:\n    - a\n    - k: v\n";

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** A failure as sops-compatible commands report it: the status, one line on stderr, nothing on stdout. */
function fails(r: { status: number | null; stdout: string; stderr: string }, status: number, message: RegExp): void {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe("");
}

/** A temp dir with s.yaml encrypted to alice (and optional extra files). */
function workspace(files: Record<string, string> = {}): { dir: string; file: string } {
  const dir = tempDir();
  writeTree(dir, { "plain.yaml": PLAIN, ...files });
  writeFileSync(join(dir, "s.yaml"), ok(hush(["encrypt", "--age", ALICE.recipient, "plain.yaml"], { cwd: dir })).stdout);
  return { dir, file: join(dir, "s.yaml") };
}

const encOf = (text: string, name: string) => new RegExp(`${name}: (ENC\\[[^\\]]+\\])`).exec(text)?.[1];
const versionOf = (text: string) => /version: (\S+)/.exec(text)?.[1];

/** Ciphertexts, armor, the clock and the MAC replaced, so a layout can be compared byte for byte. */
function layout(text: string): string {
  return text
    .replace(/ENC\[[^\]]*\]/g, "ENC")
    .replace(/("?lastmodified"?: )"[^"]+"/g, '$1"T"')
    .replace(
      /(-----BEGIN AGE ENCRYPTED FILE-----)(\n\s*[A-Za-z0-9+/=]+)+(\n\s*-----END)/g,
      (_m, begin: string, _b: string, end: string) => `${begin}\n${" ".repeat(end.length - end.trimStart().length - 1)}B64${end}`,
    )
    .replace(/-----BEGIN AGE ENCRYPTED FILE-----\\n[A-Za-z0-9+/=\\n]+-----END AGE ENCRYPTED FILE-----\\n/g, "ARMOR");
}

describe("--decryption-order and SOPS_DECRYPTION_ORDER", () => {
  it("every command that decrypts takes any order, also without age in it: age keys are tried all the same", () => {
    const { dir } = workspace();
    const orders = ["pgp,age", "pgp", "kms,whatever", ""];
    for (const order of orders) {
      expect(ok(hush(["decrypt", "--decryption-order", order, "s.yaml"], { cwd: dir, env: key })).stdout).toBe(PLAIN);
      expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: { ...key, SOPS_DECRYPTION_ORDER: order } })).stdout).toBe(PLAIN);
    }
    ok(hush(["set", "--decryption-order", "pgp", "s.yaml", '["db"]["user"]', '"root"'], { cwd: dir, env: key }));
    ok(hush(["unset", "--decryption-order", "pgp", "s.yaml", '["db"]["port"]'], { cwd: dir, env: key }));
    ok(hush(["edit", "--decryption-order", "pgp", "s.yaml"], { cwd: dir, env: { ...key, EDITOR, EDIT_FIND: "root", EDIT_REPLACE: "admin" } }));
    ok(hush(["rotate", "-i", "--decryption-order", "pgp", "s.yaml"], { cwd: dir, env: key }));
    writeTree(dir, { "flat.yaml": "greeting: hello\n" });
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "flat.yaml"], { cwd: dir }));
    expect(ok(hush(["exec-env", "--decryption-order", "pgp", "flat.yaml", "echo $greeting"], { cwd: dir, env: key })).stdout).toBe("hello\n");
    expect(ok(hush(["exec-file", "--decryption-order", "pgp", "--no-fifo", "s.yaml", "cat {}"], { cwd: dir, env: key })).stdout).toBe(
      PLAIN.replace("    port: 5432\n", ""),
    );
  });

  it("a key type named twice is sops's exit 112, in one line, and nothing is written", () => {
    const { dir, file } = workspace();
    const before = readFileSync(file);
    const dup = { ...key, SOPS_DECRYPTION_ORDER: "age,pgp,age" };
    const cases: [string[], Record<string, string>][] = [
      [["decrypt", "--decryption-order", "age,age", "s.yaml"], key],
      [["decrypt", "s.yaml"], dup],
      [["set", "s.yaml", '["db"]["user"]', '"x"'], dup],
      [["unset", "--decryption-order", "pgp,pgp", "s.yaml", '["db"]["user"]'], key],
      [["rotate", "-i", "s.yaml"], dup],
      [["edit", "s.yaml"], { ...dup, EDITOR, EDIT_APPEND: "x: 1\n" }],
      [["edit", "new.yaml", "--age", ALICE.recipient], { ...dup, EDITOR }],
      [["exec-env", "s.yaml", "echo ran"], dup],
      [["exec-file", "s.yaml", "echo ran"], dup],
      [["decrypt", "--decryption-order", "age,,", "s.yaml"], key],
      // sops checks the order before the --extract path
      [["decrypt", "--decryption-order", "pgp,pgp", "--extract", "not-a-path", "s.yaml"], key],
    ];
    for (const [args, env] of cases)
      fails(hush(args, { cwd: dir, env }), 112, /duplicate decryption key type .* in (--decryption-order|SOPS_DECRYPTION_ORDER)/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(join(dir, "new.yaml"))).toBe(false);
  });

  it("the flag wins over the variable (an empty flag means the default), and updatekeys, which takes no order in sops, ignores the variable", () => {
    const { dir } = workspace({ ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient},${BOB.recipient}\n` });
    const dup = { ...key, SOPS_DECRYPTION_ORDER: "age,age" };
    ok(hush(["decrypt", "--decryption-order", "age", "s.yaml"], { cwd: dir, env: dup }));
    ok(hush(["decrypt", "--decryption-order", "", "s.yaml"], { cwd: dir, env: dup }));
    ok(hush(["updatekeys", "-y", "s.yaml"], { cwd: dir, env: dup }));
    expect(readFileSync(join(dir, "s.yaml"), "utf8")).toContain(BOB.recipient);
  });

  it("--verbose says what the order means here: age keys only, the file's other key types skipped", () => {
    const { dir, file } = workspace();
    // A pgp entry in the metadata (not covered by the MAC), as a file shared with PGP users has.
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "sops:\n",
        'sops:\n    pgp:\n        - created_at: "2025-01-01T00:00:00Z"\n          enc: not-used\n          fp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4\n',
      ),
    );
    const r = ok(hush(["--verbose", "decrypt", "--decryption-order", "pgp,age", "s.yaml"], { cwd: dir, env: key }));
    expect(r.stdout).toBe(PLAIN);
    expect(r.stderr).toContain("hush: decryption order: pgp,age (hush opens age keys only; skipping this file's pgp entries)");
    // A rewrite keeps the pgp entry as it was.
    ok(hush(["set", "s.yaml", '["db"]["user"]', '"root"'], { cwd: dir, env: key }));
    expect(readFileSync(file, "utf8")).toContain("fp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
  });

  it("the help says what the order means to hush", () => {
    const help = ok(hush(["decrypt", "--help"], { cwd: tempDir() })).stdout.replace(/\s+/g, " ");
    expect(help).toContain("--decryption-order <types>");
    expect(help).toContain("hush opens age keys only");
  });
});

describe("edit --show-master-keys", () => {
  function setup(files: Record<string, string> = {}) {
    const { dir, file } = workspace(files);
    const tmp = tempDir("hush-tmpdir-");
    return { dir, file, tmp, env: { ...key, EDITOR, HUSH_TMPDIR: tmp } };
  }

  it("shows the plaintext with the file's sops section, as sops does, in a 0600 file of a private dir that is removed", () => {
    const { dir, file, tmp, env } = setup();
    const copy = join(dir, "shown.txt");
    const record = join(dir, "record.json");
    const r = hush(["edit", "-s", "s.yaml"], { cwd: dir, env: { ...env, EDIT_COPY: copy, EDIT_RECORD: record } });
    expect(r.status).toBe(200); // nothing changed
    const shown = readFileSync(copy, "utf8");
    const encrypted = readFileSync(file, "utf8");
    const sops = encrypted.slice(encrypted.indexOf("sops:\n"));
    expect(shown).toBe(PLAIN + sops);
    const seen = JSON.parse(readFileSync(record, "utf8")) as { file: string; mode: number; dirMode: number };
    expect([seen.mode, seen.dirMode]).toEqual([0o600, 0o700]);
    expect(seen.file.startsWith(tmp)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
    // The long flag is the same.
    expect(hush(["edit", "--show-master-keys", "s.yaml"], { cwd: dir, env }).status).toBe(200);
  });

  it("a changed value is saved (the sops section stays as shown); other values keep their ciphertext", () => {
    const { dir, file, tmp, env } = setup();
    const before = readFileSync(file, "utf8");
    ok(hush(["edit", "-s", "s.yaml"], { cwd: dir, env: { ...env, EDIT_FIND: "admin", EDIT_REPLACE: "root" } }));
    const after = readFileSync(file, "utf8");
    expect(encOf(after, "user")).not.toBe(encOf(before, "user"));
    expect(encOf(after, "password")).toBe(encOf(before, "password"));
    expect(after.slice(after.indexOf("    age:"), after.indexOf("    lastmodified:"))).toBe(
      before.slice(before.indexOf("    age:"), before.indexOf("    lastmodified:")),
    );
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(PLAIN.replace("admin", "root"));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("a changed, removed or broken sops section: one line, exit 1, the file untouched, no plaintext left", () => {
    const { dir, file, tmp, env } = setup();
    const before = readFileSync(file);
    const edits: [Record<string, string>, RegExp][] = [
      [
        { EDIT_FIND: "unencrypted_suffix: _unencrypted", EDIT_REPLACE: "unencrypted_suffix: _clear" },
        /sops section was changed in the editor.*nothing was written/,
      ],
      [{ EDIT_FIND: "version: 3.13.2", EDIT_REPLACE: "version: 3.14.0" }, /sops section was changed/],
      [{ EDIT_FIND: `recipient: ${ALICE.recipient}`, EDIT_REPLACE: `recipient: ${BOB.recipient}` }, /sops section was changed.*hush updatekeys/],
      [{ EDIT_FIND: "    lastmodified:", EDIT_REPLACE: "    lastchanged:" }, /edited sops section is invalid: lastmodified is missing; nothing was written/],
      [{ EDIT_WRITE: PLAIN.replace("admin", "root") }, /edited text has no sops section; nothing was written/],
    ];
    for (const [edit, message] of edits) {
      const r = hush(["edit", "-s", "s.yaml"], { cwd: dir, env: { ...env, ...edit } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain("s3cr3t");
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(readdirSync(tmp)).toEqual([]);
    }
    // Without -s a sops section in the edited text is refused as before.
    const r = hush(["edit", "s.yaml"], { cwd: dir, env: { ...env, EDIT_APPEND: "sops:\n    version: 3.13.2\n" } });
    expect(r.status).toBe(203);
  });

  it("JSON and dotenv files show the metadata where their format keeps it; a value edit is saved", () => {
    const dir = tempDir();
    writeTree(dir, { "a.json": '{"k": "v", "n": 1}', "b.env": "A=1\nB=two\n" });
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "a.json"], { cwd: dir }));
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "b.env"], { cwd: dir }));
    const copy = join(dir, "shown.txt");
    const env = { ...key, EDITOR, EDIT_COPY: copy };
    ok(hush(["edit", "-s", "a.json"], { cwd: dir, env: { ...env, EDIT_FIND: '"v"', EDIT_REPLACE: '"w"' } }));
    expect(readFileSync(copy, "utf8")).toMatch(/^\{\n\t"k": "v",\n\t"n": 1,\n\t"sops": \{\n\t\t"age": \[/);
    expect(JSON.parse(ok(hush(["decrypt", "a.json"], { cwd: dir, env: key })).stdout)).toEqual({ k: "w", n: 1 });
    ok(hush(["edit", "-s", "b.env"], { cwd: dir, env: { ...env, EDIT_FIND: "B=two", EDIT_REPLACE: "B=three" } }));
    expect(readFileSync(copy, "utf8")).toMatch(/^A=1\nB=two\nsops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n/);
    expect(readFileSync(copy, "utf8")).toContain("\nsops_version=3.13.2\n");
    expect(ok(hush(["decrypt", "b.env"], { cwd: dir, env: key })).stdout).toBe("A=1\nB=three\n");
  });

  it("a new file has no sops section yet: a warning, then the plain new-file edit", () => {
    const dir = tempDir();
    const r = ok(hush(["edit", "-s", "--age", ALICE.recipient, "n.yaml"], { cwd: dir, env: { ...key, EDITOR, EDIT_WRITE: "a: b\n" } }));
    expect(r.stderr).toMatch(/warning: n\.yaml is new: it has no sops section to show/);
    expect(ok(hush(["decrypt", "n.yaml"], { cwd: dir, env: key })).stdout).toBe("a: b\n");
  });
});

describe(".sops.yaml stores: and --indent", () => {
  const STORES = "stores:\n  yaml:\n    indent: 2\n  json:\n    indent: 2\n  json_binary:\n    indent: 3\n";
  const PLAIN_2 = "db:\n  user: admin\n  password: s3cr3t\n  port: 5432\nnote_unencrypted: visible\nlist:\n  - a\n  - k: v\n";
  const ENCRYPTED_2 = [
    "db:",
    "  user: ENC",
    "  password: ENC",
    "  port: ENC",
    "note_unencrypted: visible",
    "list:",
    "  - ENC",
    "  - k: ENC",
    "sops:",
    "  age:",
    "    - enc: |",
    "        -----BEGIN AGE ENCRYPTED FILE-----",
    "        B64",
    "        -----END AGE ENCRYPTED FILE-----",
    `      recipient: ${ALICE.recipient}`,
    '  lastmodified: "T"',
    "  mac: ENC",
    "  unencrypted_suffix: _unencrypted",
    "  version: 3.13.2",
    "",
  ].join("\n");

  it("encrypt writes YAML, JSON and the binary envelope with their store's indent", () => {
    const dir = tempDir();
    writeTree(dir, { ".sops.yaml": STORES, "p.yaml": PLAIN, "p.json": '{"k": "v", "l": [1]}', "p.bin": "raw\n" });
    expect(layout(ok(hush(["encrypt", "--age", ALICE.recipient, "p.yaml"], { cwd: dir })).stdout)).toBe(ENCRYPTED_2);
    const json = ok(hush(["encrypt", "--age", ALICE.recipient, "p.json"], { cwd: dir })).stdout;
    expect(layout(json)).toBe(
      `{\n  "k": "ENC",\n  "l": [\n    "ENC"\n  ],\n  "sops": {\n    "age": [\n      {\n        "enc": "ARMOR",\n        "recipient": "${ALICE.recipient}"\n      }\n    ],\n    "lastmodified": "T",\n    "mac": "ENC",\n    "unencrypted_suffix": "_unencrypted",\n    "version": "3.13.2"\n  }\n}\n`,
    );
    const bin = ok(hush(["encrypt", "--age", ALICE.recipient, "p.bin"], { cwd: dir })).stdout;
    expect(layout(bin)).toBe(
      `{\n   "data": "ENC",\n   "sops": {\n      "age": [\n         {\n            "enc": "ARMOR",\n            "recipient": "${ALICE.recipient}"\n         }\n      ],\n      "lastmodified": "T",\n      "mac": "ENC",\n      "version": "3.13.2"\n   }\n}\n`,
    );
    // --indent replaces every store's indent.
    expect(layout(ok(hush(["encrypt", "--indent", "4", "--age", ALICE.recipient, "p.yaml"], { cwd: dir })).stdout)).toBe(
      layout(ok(hush(["encrypt", "--age", ALICE.recipient, "p.yaml"], { cwd: tempDirWith({ "p.yaml": PLAIN }) })).stdout),
    );
  });

  it("decrypt writes the plaintext (and --extract) with the output store's indent; --indent wins", () => {
    const { dir } = workspace({ ".sops.yaml": STORES });
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(PLAIN_2);
    expect(ok(hush(["decrypt", "--indent", "3", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(
      "db:\n   user: admin\n   password: s3cr3t\n   port: 5432\nnote_unencrypted: visible\nlist:\n   - a\n   - k: v\n",
    );
    expect(ok(hush(["decrypt", "--output-type", "json", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(
      '{\n  "db": {\n    "user": "admin",\n    "password": "s3cr3t",\n    "port": 5432\n  },\n  "note_unencrypted": "visible",\n  "list": [\n    "a",\n    {\n      "k": "v"\n    }\n  ]\n}\n',
    );
    expect(ok(hush(["decrypt", "--output-type", "json", "--indent", "0", "--extract", '["list"]', "s.yaml"], { cwd: dir, env: key })).stdout).toBe(
      '[\n"a",\n{\n"k": "v"\n}\n]\n',
    );
    expect(ok(hush(["decrypt", "--output-type", "json", "--indent", "-1", "--extract", '["db"]', "s.yaml"], { cwd: dir, env: key })).stdout).toBe(
      '{\n\t"user": "admin",\n\t"password": "s3cr3t",\n\t"port": 5432\n}\n',
    );
    expect(ok(hush(["decrypt", "--extract", '["db"]', "s.yaml"], { cwd: dir, env: key })).stdout).toBe("user: admin\npassword: s3cr3t\nport: 5432\n");
    // A YAML value that is not a map goes through sops's yaml.Marshal, which knows no store indent.
    expect(ok(hush(["decrypt", "--extract", '["list"]', "s.yaml"], { cwd: dir, env: key })).stdout).toBe("- a\n- k: v\n");
  });

  it("set, unset, edit, rotate and updatekeys rewrite the file in the configured layout; unchanged values keep their ciphertext", () => {
    const { dir, file } = workspace();
    const original = readFileSync(file, "utf8");
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient},${BOB.recipient}\n${STORES}` });
    ok(hush(["set", "s.yaml", '["db"]["user"]', '"admin"'], { cwd: dir, env: key })); // the same value: not rewritten
    expect(readFileSync(file, "utf8")).toBe(original);
    ok(hush(["set", "s.yaml", '["db"]["user"]', '"root"'], { cwd: dir, env: key }));
    let text = readFileSync(file, "utf8");
    expect(layout(text)).toBe(ENCRYPTED_2);
    expect(encOf(text, "password")).toBe(encOf(original, "password"));
    ok(hush(["unset", "s.yaml", '["db"]["port"]'], { cwd: dir, env: key }));
    expect(layout(readFileSync(file, "utf8"))).toBe(ENCRYPTED_2.replace("  port: ENC\n", ""));
    ok(
      hush(["edit", "--indent", "3", "s.yaml"], {
        cwd: dir,
        env: { ...key, EDITOR, EDIT_FIND: "root", EDIT_REPLACE: "admin", EDIT_COPY: join(dir, "shown.txt") },
      }),
    );
    expect(readFileSync(join(dir, "shown.txt"), "utf8")).toBe("db:\n   user: root\n   password: s3cr3t\nnote_unencrypted: visible\nlist:\n   - a\n   - k: v\n");
    expect(readFileSync(file, "utf8")).toMatch(/^db:\n {3}user: ENC/);
    ok(hush(["edit", "s.yaml"], { cwd: dir, env: { ...key, EDITOR, EDIT_FIND: "admin", EDIT_REPLACE: "root" } }));
    text = readFileSync(file, "utf8");
    expect(layout(text)).toBe(ENCRYPTED_2.replace("  port: ENC\n", ""));
    expect(encOf(text, "password")).toBe(encOf(original, "password"));
    const rotated = ok(hush(["rotate", "--indent", "4", "s.yaml"], { cwd: dir, env: key })).stdout;
    expect(rotated).toMatch(/^db:\n {4}user: ENC/);
    ok(hush(["updatekeys", "-y", "s.yaml"], { cwd: dir, env: key }));
    text = readFileSync(file, "utf8");
    expect(text).toContain(`      recipient: ${BOB.recipient}\n`);
    expect(text).toMatch(/^db:\n {2}user: ENC/);
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } })).stdout).toBe(
      PLAIN_2.replace("  port: 5432\n", "").replace("admin", "root"),
    );
  });

  it("edit of a new file starts from the example in the store's layout (sops's EmitExample)", () => {
    const dir = tempDir();
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient}\n${STORES}` });
    const copy = join(dir, "shown.txt");
    ok(hush(["edit", "n.yaml"], { cwd: dir, env: { ...key, EDITOR, EDIT_COPY: copy, EDIT_APPEND: "x: 1\n" } }));
    expect(readFileSync(copy, "utf8")).toBe(
      "hello: Welcome to SOPS! Edit this file as you please!\nexample_key: example_value\n# Example comment\nexample_array:\n  - example_value1\n  - example_value2\nexample_number: 1234.56789\nexample_booleans:\n  - true\n  - false\n",
    );
    ok(hush(["edit", "n.json"], { cwd: dir, env: { ...key, EDITOR, EDIT_COPY: copy, EDIT_FIND: '"hello"', EDIT_REPLACE: '"hi"' } }));
    expect(readFileSync(copy, "utf8")).toMatch(/^\{\n {2}"hello": "Welcome to SOPS! Edit this file as you please!",\n {2}"example_key"/);
    expect(readFileSync(join(dir, "n.json"), "utf8")).toMatch(/^\{\n {2}"hi": "ENC\[/);
  });

  it("exec-file hands the plaintext over in the output store's layout", () => {
    const { dir } = workspace({ ".sops.yaml": STORES });
    expect(ok(hush(["exec-file", "--no-fifo", "s.yaml", "cat {}"], { cwd: dir, env: key })).stdout).toBe(PLAIN_2);
    expect(ok(hush(["exec-file", "--no-fifo", "--output-type", "json", "--indent", "1", "s.yaml", "cat {}"], { cwd: dir, env: key })).stdout).toMatch(
      /^\{\n "db": \{\n {2}"user": "admin",/,
    );
  });

  it("--config and SOPS_CONFIG choose the .sops.yaml whose stores apply; keys sops does not know are ignored", () => {
    const { dir } = workspace();
    writeTree(dir, { "conf/two.yaml": "stores:\n  yaml:\n    indent: 2\n    colour: blue\n  toml:\n    indent: 7\n" });
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(PLAIN);
    expect(ok(hush(["decrypt", "--config", "conf/two.yaml", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(PLAIN_2);
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: { ...key, SOPS_CONFIG: join(dir, "conf/two.yaml") } })).stdout).toBe(PLAIN_2);
  });

  it("bad settings: a value that is no integer is exit 1 at its line; a negative YAML or a JSON indent below -1 is sops's exit 4; --indent x is a usage error", () => {
    const { dir, file } = workspace();
    const before = readFileSync(file);
    writeTree(dir, { ".sops.yaml": "stores:\n  yaml:\n    indent: two\n" });
    fails(hush(["decrypt", "s.yaml"], { cwd: dir, env: key }), 1, /\.sops\.yaml:3: stores\.yaml\.indent is not an integer/);
    fails(hush(["set", "s.yaml", '["db"]["user"]', '"x"'], { cwd: dir, env: key }), 1, /stores\.yaml\.indent is not an integer/);
    fails(hush(["encrypt", "--age", ALICE.recipient, "plain.yaml"], { cwd: dir }), 1, /stores\.yaml\.indent is not an integer/);
    writeTree(dir, { ".sops.yaml": "stores:\n  yaml:\n    indent: -2\n  json:\n    indent: -2\n" });
    fails(hush(["decrypt", "s.yaml"], { cwd: dir, env: key }), 4, /YAML negative indentation not accepted/);
    fails(hush(["decrypt", "--output-type", "json", "s.yaml"], { cwd: dir, env: key }), 4, /JSON indentation smaller than -1 is not accepted/);
    fails(hush(["rotate", "-i", "s.yaml"], { cwd: dir, env: key }), 4, /YAML negative indentation/);
    expect(readFileSync(file).equals(before)).toBe(true);
    // dotenv has no layout: the bad indents do not touch it.
    ok(hush(["unset", "--indent", "2", "s.yaml", '["db"]'], { cwd: dir, env: key }));
    ok(hush(["unset", "--indent", "2", "s.yaml", '["list"]'], { cwd: dir, env: key }));
    expect(ok(hush(["decrypt", "--output-type", "dotenv", "s.yaml"], { cwd: dir, env: key })).stdout).toBe("note_unencrypted=visible\n");
    fails(hush(["decrypt", "--indent", "two", "s.yaml"], { cwd: dir, env: key }), 2, /--indent "two" is not an integer/);
  });

  it("a real sops file (3.13.1) rewritten with indent 2 moves each line as go-yaml moves it, and nothing else", () => {
    const real = requireSopsReal();
    const dir = tempDir();
    copyFileSync(join(real, "format.enc.yaml"), join(dir, "f.yaml"));
    writeTree(dir, { ".sops.yaml": "stores:\n  yaml:\n    indent: 2\n" });
    const env = { SOPS_AGE_KEY_FILE: join(real, "age-test-key.txt") };
    const before = readFileSync(join(dir, "f.yaml"), "utf8");
    ok(hush(["set", "f.yaml", '["extra"]', '"x"'], { cwd: dir, env }));
    const after = readFileSync(join(dir, "f.yaml"), "utf8");
    const moved = before
      .split("\n")
      .map((line) => {
        const pad = line.length - line.trimStart().length;
        return pad === 0 ? line : " ".repeat(({ 4: 2, 8: 4, 10: 6, 12: 8 } as Record<number, number>)[pad]!) + line.trimStart();
      })
      .join("\n");
    const keep = (text: string) => text.split("\n").filter((l) => !/^(extra|\s+(mac|lastmodified)):/.test(l));
    expect(keep(after)).toEqual(keep(moved));
    expect(after.startsWith(before.split("\n")[0]! + "\nextra: ENC[")).toBe(true);
    expect(ok(hush(["decrypt", "f.yaml"], { cwd: dir, env })).stdout).toBe("foo: bar\nextra: x\n");
  });
});

describe("sops.version on rewrite", () => {
  /** s.yaml stamped with another sops version (the version is not covered by the MAC). */
  function stamped(version: string) {
    const w = workspace();
    writeFileSync(w.file, readFileSync(w.file, "utf8").replace("version: 3.13.2", `version: ${version}`));
    return w;
  }

  it("edit writes 3.13.2 over an older version and keeps a newer one; MAC and untouched ciphertexts hold", () => {
    for (const [from, to] of [
      ["3.7.3", "3.13.2"],
      ["v3.10.0", "3.13.2"],
      ["3.99.0", "3.99.0"],
    ] as const) {
      const { dir, file } = stamped(from);
      const before = readFileSync(file, "utf8");
      ok(hush(["edit", "s.yaml"], { cwd: dir, env: { ...key, EDITOR, EDIT_FIND: "admin", EDIT_REPLACE: "root" } }));
      const after = readFileSync(file, "utf8");
      expect(versionOf(after), from).toBe(to);
      expect(encOf(after, "password")).toBe(encOf(before, "password"));
      expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: key })).stdout).toBe(PLAIN.replace("admin", "root"));
    }
  });

  it("set, unset, rotate and updatekeys keep the file's version, as sops does", () => {
    const { dir, file } = stamped("3.9.0");
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient},${BOB.recipient}\n` });
    ok(hush(["set", "s.yaml", '["db"]["user"]', '"root"'], { cwd: dir, env: key }));
    expect(versionOf(readFileSync(file, "utf8"))).toBe("3.9.0");
    ok(hush(["unset", "s.yaml", '["db"]["port"]'], { cwd: dir, env: key }));
    expect(versionOf(readFileSync(file, "utf8"))).toBe("3.9.0");
    ok(hush(["updatekeys", "-y", "s.yaml"], { cwd: dir, env: key }));
    expect(versionOf(readFileSync(file, "utf8"))).toBe("3.9.0");
    ok(hush(["rotate", "-i", "s.yaml"], { cwd: dir, env: key }));
    expect(versionOf(readFileSync(file, "utf8"))).toBe("3.9.0");
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } })).stdout).toBe(
      PLAIN.replace("admin", "root").replace("    port: 5432\n", ""),
    );
  });

  it("a real file written by sops 3.10.2: edit stamps 3.13.2, set keeps 3.10.2", () => {
    const real = requireSopsReal();
    const dir = tempDir();
    const env = { SOPS_AGE_KEY_FILE: join(real, "age-test-key.txt") };
    copyFileSync(join(real, "example.yaml"), join(dir, "e.yaml"));
    copyFileSync(join(real, "example.yaml"), join(dir, "s.yaml"));
    const plain = ok(hush(["decrypt", "e.yaml"], { cwd: dir, env })).stdout;
    ok(hush(["set", "s.yaml", '["added"]', '"x"'], { cwd: dir, env }));
    expect(versionOf(readFileSync(join(dir, "s.yaml"), "utf8"))).toBe("3.10.2");
    ok(hush(["edit", "e.yaml"], { cwd: dir, env: { ...env, EDITOR, EDIT_APPEND: "added: x\n" } }));
    expect(versionOf(readFileSync(join(dir, "e.yaml"), "utf8"))).toBe("3.13.2");
    expect(ok(hush(["decrypt", "e.yaml"], { cwd: dir, env })).stdout).toBe(plain + "added: x\n");
  });
});

function tempDirWith(files: Record<string, string>): string {
  const dir = tempDir();
  writeTree(dir, files);
  return dir;
}
