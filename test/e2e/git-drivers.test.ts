// `hush git setup` and the textconv driver under real `git diff` / `git log -p`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo, gitWithEnv } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };

function cli(dir: string, args: string[], env: Record<string, string> = aliceEnv): string {
  const r = hush(args, { cwd: dir, env });
  if (r.status !== 0) throw new Error(`hush ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

let dir: string;
beforeEach(() => {
  dir = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n`,
  });
  cli(dir, ["secret", "create", "db", "--user=app", "--password=first-pass", "--scope", "shared"]);
});

describe("hush git setup", () => {
  it("writes .gitattributes and the drivers; running it twice changes nothing", () => {
    expect(cli(dir, ["git", "setup"])).toContain(".gitattributes: added");
    expect(cli(dir, ["git", "setup"])).toContain(".gitattributes: already has");
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toBe("secrets/**/*.yaml merge=hush diff=hush\n");
    const config = gitWithEnv(dir, {}, "config", "--local", "--get-regexp", "^(merge|diff)\\.hush\\.").stdout;
    expect(config).toContain("merge.hush.driver ");
    expect(config).toContain("bin/hush.js");
    expect(config).toContain("git merge-driver %O %A %B %P");
    expect(config).toContain("diff.hush.textconv ");
    expect(config.match(/merge\.hush\.driver/g)).toHaveLength(1);
    const json = JSON.parse(cli(dir, ["git", "setup", "--json"]));
    expect(json).toMatchObject({ attributesAdded: false, scope: "local" });
  });

  it("--global writes the user's global config, not the clone's", () => {
    const home = tempDir("hush-home-");
    const r = hush(["git", "setup", "--global"], { cwd: dir, env: aliceEnv, home });
    expect(r.status).toBe(0);
    expect(readFileSync(join(home, ".gitconfig"), "utf8")).toContain('[merge "hush"]');
    expect(gitWithEnv(dir, {}, "config", "--local", "--get", "merge.hush.driver").stdout).toBe("");
  });
});

describe("textconv under git diff / git log -p", () => {
  beforeEach(() => {
    cli(dir, ["git", "setup"]);
    gitWithEnv(dir, {}, "add", "-A");
    gitWithEnv(dir, {}, "commit", "-q", "-m", "base");
    cli(dir, ["secret", "update", "db", "--password=second-pass", "--host=db.local", "--scope", "shared"]);
  });

  it("with an identity: a decrypted diff naming only what changed", () => {
    const r = gitWithEnv(dir, aliceEnv, "diff");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("-password: first-pass");
    expect(r.stdout).toContain("+password: second-pass");
    expect(r.stdout).toContain("+host: db.local");
    expect(r.stdout).not.toMatch(/^[-+]user:/m);
    expect(r.stdout).not.toContain("ENC[");
  });

  it("without an identity: the keys-only view, never a value or ciphertext", () => {
    const r = gitWithEnv(dir, {}, "diff");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\+host: <encrypted [0-9a-f]{8}>$/m);
    // A changed value is a changed line (its ciphertext fingerprint), an unchanged one is not.
    expect(r.stdout).toMatch(/^-password: <encrypted [0-9a-f]{8}>\n\+password: <encrypted [0-9a-f]{8}>$/m);
    expect(r.stdout).not.toMatch(/^[-+]user:/m);
    expect(r.stdout).not.toContain("second-pass");
    expect(r.stdout).not.toContain("ENC[");
    gitWithEnv(dir, {}, "commit", "-q", "-am", "second");
    const log = gitWithEnv(dir, {}, "log", "-p");
    expect(log.stdout).toContain(`${ALICE.recipient} (alice)`);
    expect(log.stdout).not.toContain("first-pass");
  });
});

describe("textconv with the hush root in a subdirectory (a monorepo)", () => {
  it("names the users of the recipients from the .hush.yaml git tracks below the top", () => {
    const mono = gitRepo({
      "README.md": "monorepo\n",
      "infra/.hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n`,
    });
    cli(mono, ["-C", "infra", "secret", "create", "db", "--password=first-pass", "--scope", "shared"]);
    cli(mono, ["-C", "infra", "git", "setup"]);
    gitWithEnv(mono, {}, "add", "-A");
    gitWithEnv(mono, {}, "commit", "-q", "-m", "base");
    cli(mono, ["-C", "infra", "secret", "update", "db", "--password=second-pass", "--scope", "shared"]);
    gitWithEnv(mono, {}, "commit", "-q", "-am", "second");
    // No identity: the keys-only view, from the top of the work tree, as git runs it.
    const log = gitWithEnv(mono, {}, "log", "-p", "--", "infra/secrets");
    expect(log.status).toBe(0);
    expect(log.stdout).toMatch(/^[-+]password: <encrypted [0-9a-f]{8}>$/m);
    expect(log.stdout).toContain(`${ALICE.recipient} (alice)`);
    expect(log.stdout).toContain(`${BOB.recipient} (bob)`);
    expect(log.stdout).not.toContain("(no user)");
    expect(log.stdout).not.toContain("second-pass");
  });
});
