// Truth from outside, through the CLI: the real sops fixtures decrypt with
// `hush decrypt` to their EXPECTED plaintext, every tampered copy is refused
// with the exit code its README names, and what `hush encrypt` writes is read
// by an independent decoder (sops-age) and, entry by entry, by the real `age`.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decryptSops } from "sops-age";
import { hush } from "../helpers/cli.js";
import { requireSopsReal } from "../helpers/fixtures.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";

const ROOT = requireSopsReal();
const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as {
  identity: string;
  fixtures: { file: string; expected: string }[];
  tampered: { file: string; outcome: string }[];
};
// The key as text: the shared key file is world-readable (read-only checkout), which would add a warning line.
const env = { SOPS_AGE_KEY: /AGE-SECRET-KEY-1\S+/.exec(readFileSync(join(ROOT, manifest.identity), "utf8"))![0] };

/** The README's outcome column in sops's own exit codes: `sops decrypt` exits 51 for a MAC problem, 25 when a value does not decrypt, 128 when no key opens the data key. */
function readmeExitCodes(): Map<string, number> {
  const readme = readFileSync(join(ROOT, "tampered/README.md"), "utf8");
  const byOutcome: [RegExp, number][] = [
    [/MAC check fails/, 51],
    [/a value fails to decrypt/, 25],
    [/data key cannot be opened/, 128],
  ];
  const codes = new Map<string, number>();
  for (const line of readme.split("\n")) {
    const m = /^\| `([^`]+)` \|[^|]*\|[^|]*\| refused: ([^|]+) \|/.exec(line);
    if (!m) continue;
    const code = byOutcome.find(([re]) => re.test(m[2]!))?.[1];
    if (code === undefined) throw new Error(`no sops exit code known for outcome "${m[2]}"`);
    codes.set(`tampered/${m[1]}`, code);
  }
  return codes;
}

describe("real sops files through hush decrypt", () => {
  for (const fixture of manifest.fixtures) {
    it(`${fixture.file} decrypts to its EXPECTED json`, () => {
      const r = hush(["decrypt", "--output-type", "json", join(ROOT, fixture.file)], { cwd: tempDir(), env });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, fixture.expected), "utf8")));
    });
  }

  const codes = readmeExitCodes();
  it("the README names an outcome for every tampered file of the manifest", () => {
    expect(new Set(codes.keys())).toEqual(new Set(manifest.tampered.map((t) => t.file)));
  });
  for (const { file } of manifest.tampered) {
    it(`${file} is refused with exit ${codes.get(file)}`, () => {
      const r = hush(["decrypt", join(ROOT, file)], { cwd: tempDir(), env });
      expect(r.status, r.stderr).toBe(codes.get(file));
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/secretuser|secretpassword|John|Smith/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });
  }
});

describe("what hush encrypt writes, read by others", () => {
  const cases: [string, string, "yaml" | "json", unknown][] = [
    [
      "a.yaml",
      'db:\n    user: admin\n    password: "p@ss: <&>"\n    port: 5432\n    ratio: 0.5\n    on: true\ntags:\n    - x\n    - y\nplain_unencrypted: z\n',
      "yaml",
      { db: { user: "admin", password: "p@ss: <&>", port: 5432, ratio: 0.5, on: true }, tags: ["x", "y"], plain_unencrypted: "z" },
    ],
    [
      "b.json",
      '{"k": "v <&>", "n": 42, "f": 2.5, "nested": {"l": ["p", {"q": "r"}]}, "e": ""}',
      "json",
      { k: "v <&>", n: 42, f: 2.5, nested: { l: ["p", { q: "r" }] }, e: "" },
    ],
  ];
  for (const [name, text, fileType, expected] of cases) {
    it(`${name}: sops-age decrypts it; the real age binary opens each age entry to the same 32-byte key`, async () => {
      const dir = tempDir();
      writeTree(dir, { [name]: text });
      const r = hush(["encrypt", "--age", [ALICE, BOB, CI].map((k) => k.recipient).join(","), name], { cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      for (const key of [ALICE, BOB, CI]) {
        expect(await decryptSops(r.stdout, { secretKey: key.identity, fileType })).toEqual(expected);
      }
      const metadata = (fileType === "json" ? (JSON.parse(r.stdout) as { sops: { age: { enc: string; recipient: string }[] } }).sops : undefined)?.age;
      const entries =
        metadata ??
        [...r.stdout.matchAll(/- enc: \|\n((?: {12}.*\n)+) {10}recipient: (\S+)/g)].map((m) => ({ enc: m[1]!.replace(/^ {12}/gm, ""), recipient: m[2]! }));
      expect(entries.map((e) => e.recipient)).toEqual([ALICE, BOB, CI].map((k) => k.recipient));
      const keys = entries.map((entry, i) => {
        const keyFile = join(dir, `k${i}.txt`);
        writeFileSync(keyFile, [ALICE, BOB, CI][i]!.identity + "\n", { mode: 0o600 });
        return execFileSync("age", ["-d", "-i", keyFile], { input: entry.enc });
      });
      for (const k of keys) {
        expect(k.length).toBe(32);
        expect(k.equals(keys[0]!)).toBe(true);
      }
    });
  }
});
