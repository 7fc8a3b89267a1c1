import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { identityToRecipient } from "age-encryption";
import { defaultKeyFile, generateKeyFile, generateX25519Identity } from "../../../src/keys/keygen.js";
import { defaultKeyFile as fromIdentities, loadIdentities } from "../../../src/keys/identities.js";
import { isHushError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

describe("generateX25519Identity", () => {
  it("makes distinct identities whose recipient age-encryption agrees with", async () => {
    const a = generateX25519Identity();
    const b = generateX25519Identity();
    expect(a.identity).not.toBe(b.identity);
    expect(a.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(await identityToRecipient(a.identity)).toBe(a.recipient);
  });
});

describe("generateKeyFile", () => {
  it("writes age-keygen's layout to the default key file: 0600 in a new 0700 directory", async () => {
    const home = tempDir();
    const r = await generateKeyFile({ env: { HOME: home } });
    expect(r.file).toBe(join(home, ".config/sops/age/keys.txt"));
    expect(statSync(r.file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, ".config/sops/age")).mode & 0o777).toBe(0o700);
    const text = readFileSync(r.file, "utf8");
    expect(text).toMatch(new RegExp(`^# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n# public key: ${r.recipient}\\nAGE-SECRET-KEY-1[0-9A-Z]{58}\\n$`));
    const set = await loadIdentities({ HOME: home });
    expect(set.identities.map((i) => i.recipient)).toEqual([r.recipient]);
    expect(set.warnings).toEqual([]);
    expect(readdirSync(join(home, ".config/sops/age"))).toEqual(["keys.txt"]); // no temp file left
  });

  it("never overwrites a file (USAGE), and leaves it as it was", async () => {
    const file = join(tempDir(), "keys.txt");
    writeFileSync(file, "my only key\n");
    const error = await generateKeyFile({ output: file }).catch((e: unknown) => e);
    expect(isHushError(error, "USAGE")).toBe(true);
    expect((error as Error).message).toMatch(/never overwrites a key file/);
    expect(readFileSync(file, "utf8")).toBe("my only key\n");
  });

  it("writes to --output, creating its directory", async () => {
    const file = join(tempDir(), "new/dir/key.txt");
    const r = await generateKeyFile({ output: file });
    expect(r.file).toBe(file);
    expect(existsSync(file)).toBe(true);
  });

  it("uses the same default path as identity discovery", () => {
    const env = { HOME: "/home/x", XDG_CONFIG_HOME: "/xdg" };
    expect(defaultKeyFile(env)).toBe("/xdg/sops/age/keys.txt");
    expect(fromIdentities(env)).toBe(defaultKeyFile(env));
    expect(defaultKeyFile({ HOME: "/home/x", XDG_CONFIG_HOME: "rel" })).toBe("/home/x/.config/sops/age/keys.txt");
  });
});
