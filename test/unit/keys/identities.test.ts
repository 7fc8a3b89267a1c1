// Identity discovery as sops does it (spec §6.3), with real files and real commands.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { generateHybridIdentity, identityToRecipient } from "age-encryption";
import { identitiesFromText, loadIdentities } from "../../../src/keys/identities.js";
import { tempDir } from "../../helpers/tmp.js";
import { ALICE, BOB, CI, DAVE } from "../../helpers/keys.js";
import { hushFailure } from "../../helpers/errors.js";

/** A 0600 key file under a fresh temp dir. */
function keyFile(text: string, name = "keys.txt", mode = 0o600): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

/** An env with no default key file: HOME is an empty temp dir. */
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ HOME: tempDir("hush-home-"), ...vars });


const recipients = (set: { identities: readonly { recipient: string }[] }) => set.identities.map((i) => i.recipient);

describe("loadIdentities: each source", () => {
  it("finds nothing, without error, when no source is set", async () => {
    expect(await loadIdentities(env())).toEqual({ identities: [], warnings: [] });
  });

  it("SOPS_AGE_KEY: identities separated by any whitespace, comment lines skipped", async () => {
    const set = await loadIdentities(env({ SOPS_AGE_KEY: `# created: x\n${ALICE.identity}  ${BOB.identity}\n\n\t${CI.identity}\n` }));
    expect(recipients(set)).toEqual([ALICE.recipient, BOB.recipient, CI.recipient]);
    expect(set.identities.every((i) => i.source === "SOPS_AGE_KEY")).toBe(true);
  });

  it("SOPS_AGE_KEY_FILE: an age-keygen file, CRLF line endings accepted", async () => {
    const file = keyFile(`# created: 2024-01-01T00:00:00Z\r\n# public key: ${ALICE.recipient}\r\n${ALICE.identity}\r\n`);
    const set = await loadIdentities(env({ SOPS_AGE_KEY_FILE: file }));
    expect(set.identities).toEqual([{ recipient: ALICE.recipient, source: `SOPS_AGE_KEY_FILE (${file})` }]);
    expect(set.warnings).toEqual([]);
  });

  it("SOPS_AGE_KEY_CMD: split shell-style with quotes respected, no shell", async () => {
    const file = keyFile(`${BOB.identity}\n`, "my keys.txt");
    const command = `cat '${file}'`;
    const set = await loadIdentities(env({ SOPS_AGE_KEY_CMD: command }));
    expect(set.identities).toEqual([{ recipient: BOB.recipient, source: `SOPS_AGE_KEY_CMD (${command})` }]);
    // A shell would expand $HOME; no shell runs, so the argument reaches printf as it is.
    const literal = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_CMD: `printf '%s\\n' "$HOME"` })));
    expect(literal.code).toBe("IDENTITY_INVALID");
  });

  it("the default key file under an absolute XDG_CONFIG_HOME", async () => {
    const xdg = tempDir();
    mkdirSync(join(xdg, "sops/age"), { recursive: true });
    writeFileSync(join(xdg, "sops/age/keys.txt"), `${CI.identity}\n`, { mode: 0o600 });
    const set = await loadIdentities(env({ XDG_CONFIG_HOME: xdg }));
    expect(set.identities).toEqual([{ recipient: CI.recipient, source: `default key file (${join(xdg, "sops/age/keys.txt")})` }]);
  });

  it("the default key file under HOME/.config, also when XDG_CONFIG_HOME is relative (ignored)", async () => {
    const home = tempDir();
    mkdirSync(join(home, ".config/sops/age"), { recursive: true });
    writeFileSync(join(home, ".config/sops/age/keys.txt"), `${DAVE.identity}\n`, { mode: 0o600 });
    expect(recipients(await loadIdentities({ HOME: home }))).toEqual([DAVE.recipient]);
    expect(recipients(await loadIdentities({ HOME: home, XDG_CONFIG_HOME: "relative/dir" }))).toEqual([DAVE.recipient]);
  });
});

describe("loadIdentities: the union", () => {
  it("reads every source, in sops's order, each recipient once", async () => {
    const home = tempDir();
    mkdirSync(join(home, ".config/sops/age"), { recursive: true });
    writeFileSync(join(home, ".config/sops/age/keys.txt"), `${DAVE.identity}\n${ALICE.identity}\n`, { mode: 0o600 });
    const set = await loadIdentities({
      HOME: home,
      SOPS_AGE_KEY: ALICE.identity,
      SOPS_AGE_KEY_FILE: keyFile(`${BOB.identity}\n`),
      SOPS_AGE_KEY_CMD: `cat ${keyFile(`${CI.identity}\n`)}`,
    });
    expect(recipients(set)).toEqual([ALICE.recipient, BOB.recipient, CI.recipient, DAVE.recipient]);
    expect(set.identities.map((i) => i.source.split(" ")[0])).toEqual(["SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY_CMD", "default"]);
  });

  it("runs SOPS_AGE_KEY_CMD once per process, however often identities are loaded", async () => {
    const dir = tempDir();
    const counter = join(dir, "runs");
    const keys = keyFile(`${ALICE.identity}\n`);
    const command = `sh -c "echo run >> '${counter}'; cat '${keys}'"`;
    for (let i = 0; i < 3; i++) expect(recipients(await loadIdentities(env({ SOPS_AGE_KEY_CMD: command })))).toEqual([ALICE.recipient]);
    expect(readFileSync(counter, "utf8")).toBe("run\n");
  });
});

describe("loadIdentities: failures name the place, never the key", () => {
  it("a failing SOPS_AGE_KEY_CMD is KEY_COMMAND_FAILED naming the command, not its output", async () => {
    const keys = keyFile(`${ALICE.identity}\n`);
    const command = `sh -c "cat '${keys}'; echo 'helper: vault locked' >&2; exit 3"`;
    const error = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_CMD: command })));
    expect(error.code).toBe("KEY_COMMAND_FAILED");
    expect(error.message).toContain(command);
    expect(error.message).toContain("exited with status 3");
    expect(inspect(error)).not.toContain(ALICE.identity);
    const missing = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_CMD: "/nonexistent/age-key-helper --get" })));
    expect(missing.message).toMatch(/not found/);
  });

  it("a bad line is IDENTITY_INVALID with file and line, and without the line's text", async () => {
    const canary = ALICE.identity.slice(0, -1) + (ALICE.identity.endsWith("8") ? "9" : "8"); // a key with a bad checksum
    const file = keyFile(`# created: x\n\n${BOB.identity}\n${canary}\n`);
    const error = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_FILE: file })));
    expect(error).toMatchObject({ code: "IDENTITY_INVALID", file, line: 4 });
    expect(error.message).toMatch(/not a valid age identity/);
    for (const text of [error.message, error.hint ?? "", inspect(error), JSON.stringify(error)]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(canary.slice(20, 40));
    }
  });

  it("says what a line is expected to be, and that plugin identities are not supported", async () => {
    const other = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_FILE: keyFile(`${ALICE.identity}\npassword=hunter2\n`) })));
    expect(other).toMatchObject({ code: "IDENTITY_INVALID", line: 2, message: "not an age identity (expected AGE-SECRET-KEY-1...)" });
    expect(other.message).not.toContain("hunter2");
    const plugin = await hushFailure(identitiesFromText("AGE-PLUGIN-YUBIKEY-1QQQQQQ", "test"));
    expect(plugin.message).toBe("test, line 1: plugin identities (AGE-PLUGIN-...) are not supported");
    const env1 = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY: `${ALICE.identity} hunter2` })));
    expect(env1.message).toBe("SOPS_AGE_KEY, line 1: not an age identity (expected AGE-SECRET-KEY-1...)");
  });

  it("refuses a passphrase-protected key file clearly", async () => {
    const error = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_FILE: keyFile("age-encryption.org/v1\n-> scrypt abc 18\n") })));
    expect(error).toMatchObject({ code: "IDENTITY_INVALID" });
    expect(error.message).toMatch(/passphrase-protected/);
  });

  it("a SOPS_AGE_KEY_FILE that does not exist is FILE_NOT_FOUND", async () => {
    const error = await hushFailure(loadIdentities(env({ SOPS_AGE_KEY_FILE: "/nonexistent/keys.txt" })));
    expect(error).toMatchObject({ code: "FILE_NOT_FOUND", file: "/nonexistent/keys.txt" });
  });
});

describe("identity sets", () => {
  it("warn, as ssh does, when a key file is readable by others", async () => {
    const open = keyFile(`${ALICE.identity}\n`, "keys.txt", 0o644);
    expect((await loadIdentities(env({ SOPS_AGE_KEY_FILE: open }))).warnings).toEqual([`key file ${open} is readable by others; run chmod 600 ${open}`]);
    chmodSync(open, 0o600);
    expect((await loadIdentities(env({ SOPS_AGE_KEY_FILE: open }))).warnings).toEqual([]);
  });

  it("never show the secret key: not in JSON, not in util.inspect", async () => {
    const set = await identitiesFromText(`${ALICE.identity}\n${BOB.identity}`, "test");
    for (const text of [JSON.stringify(set), inspect(set, { depth: 10, showHidden: true })]) {
      expect(text).toContain(ALICE.recipient);
      expect(text).not.toContain(ALICE.identity);
      expect(text).not.toContain(ALICE.identity.slice(16, 40));
    }
  });

  it("derive the X25519 recipient natively, as age-encryption does", async () => {
    for (const key of [ALICE, BOB, CI, DAVE]) {
      expect(recipients(await identitiesFromText(key.identity, "t"))).toEqual([key.recipient]);
      expect(await identityToRecipient(key.identity)).toBe(key.recipient);
    }
  });

  it("accept post-quantum hybrid identities through age-encryption", async () => {
    const pq = await generateHybridIdentity();
    expect(recipients(await identitiesFromText(pq, "t"))).toEqual([await identityToRecipient(pq)]);
  });
});

describe("parsing", () => {
  it("parses each identity text once per process", async () => {
    const { parseIdentity } = await import("../../../src/keys/identity.js");
    const first = parseIdentity(ALICE.identity);
    expect(parseIdentity(ALICE.identity)).toBe(first);
    const a = await identitiesFromText(ALICE.identity, "one");
    const b = await identitiesFromText(ALICE.identity, "two");
    expect(a.identities[0]).not.toBe(b.identities[0]); // each set has its own source...
    expect(b.identities[0]!.source).toBe("two");
  });
});
