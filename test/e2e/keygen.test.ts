// `hush keygen` as a real child process (npm run build first).
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("hush keygen", () => {
  it("writes the default key file (0600), prints the recipient alone on stdout, never overwrites", () => {
    const home = tempDir("hush-home-");
    const r = hush(["keygen"], { cwd: tempDir(), home });
    expect(r.status, r.stderr).toBe(0);
    const keyFile = join(home, ".config/sops/age/keys.txt");
    expect(r.stdout).toMatch(/^age1[0-9a-z]{58}\n$/);
    expect(r.stderr).toBe(`hush: wrote a new age identity to ${keyFile}\n`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const before = readFileSync(keyFile, "utf8");
    expect(before).toContain(`# public key: ${r.stdout.trim()}`);
    expect(r.stdout + r.stderr).not.toContain("AGE-SECRET-KEY-");

    const again = hush(["keygen"], { cwd: tempDir(), home });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/never overwrites a key file/);
    expect(readFileSync(keyFile, "utf8")).toBe(before);
  });

  it("--output FILE (relative to --cwd) and --json; -y prints the recipients of a key file", () => {
    const dir = tempDir();
    const r = hush(["--cwd", dir, "keygen", "--output", "k.txt", "--json"], { cwd: tempDir() });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { recipient: string; file: string };
    expect(out.file).toBe(join(dir, "k.txt"));
    const y = hush(["keygen", "-y", "k.txt"], { cwd: dir });
    expect(y.stdout).toBe(`${out.recipient}\n`);
    // The real age accepts the key: encrypt to the printed recipient, decrypt with the file.
    const sealed = execFileSync("age", ["-a", "-r", out.recipient], { input: "hello" });
    expect(execFileSync("age", ["-d", "-i", out.file], { input: sealed }).toString()).toBe("hello");
  });
});
