// Run-time hygiene of `hush run` (built CLI, real age-encrypted secrets, real
// node/sh/python3 children): no value travels in the child's environment
// besides the variables asked for, in-run getSecret reads a private file with
// no size limit, and the plaintext temp dirs of a SIGKILLed hush are swept by
// the next hush that makes one.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HUSH_BIN, hush, hushOk, startHush, type StartedHush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE } from "../helpers/keys.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const LIB = join(import.meta.dirname, "../../dist/index.js");
const node = process.execPath;
const SECRETS = { user: "trainer", password: "pg-Pa55word-42", token: "mlf-token-9f8e7d", wandb: "wandb-key-0123456789" };
/** 200 KB: over Linux's 128 KiB limit for one environment variable. */
const BIG = randomBytes(150_000).toString("base64");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let cwd: string;
/** This test's HUSH_TMPDIR: hush's temp dirs go there, away from other test runs' sweeps. */
let tmp: string;
let env: Record<string, string>;
beforeEach(() => {
  cwd = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "stacks/default.yaml": [
      "components:",
      "  tracker:",
      '    tracking_token: "{{mlflow.token}}"',
      "env:",
      '  DATABASE_URL: "postgresql://{{postgres.user}}:{{postgres.password}}@db/features"',
      "",
    ].join("\n"),
    // The big secret is used only by a component: nothing asks for it in the environment.
    "stacks/big.yaml": 'components:\n  model:\n    weights_key: "{{big.blob}}"\n',
    "big.txt": BIG,
  });
  tmp = tempDir("hush-hygiene-tmp-");
  env = { SOPS_AGE_KEY: ALICE.identity, HUSH_TMPDIR: tmp };
  const create = (args: string[]) => hushOk(["secret", "create", ...args], { cwd, env });
  create(["postgres", `--user=${SECRETS.user}`, `--password=${SECRETS.password}`, "--scope", "shared"]);
  create(["mlflow", `--token=${SECRETS.token}`]);
  create(["wandb", `--api_key=${SECRETS.wandb}`, "--scope", "shared"]);
  create(["big", "--blob=@big.txt", "--scope", "shared"]);
});

/** `NAME=value` lines of `env` (no value here holds a newline). */
function parseEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split("\n").filter(Boolean)) vars.set(line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1));
  return vars;
}

describe("no value in the child's environment besides the variables asked for", () => {
  it("`env` in the child shows the exports and nothing that is or decodes to a value (no HUSH_RUN_SECRETS)", () => {
    // A stale HUSH_RUN_SECRETS in hush's own environment is not passed on either.
    const r = hush(["run", "--no-mask", "--with-secrets", "wandb", "--stack", "default", "--", "env"], { cwd, env: { ...env, HUSH_RUN_SECRETS: "c3RhbGU=" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const vars = parseEnv(r.stdout);
    // What was asked for is there...
    expect(vars.get("DATABASE_URL")).toBe(`postgresql://${SECRETS.user}:${SECRETS.password}@db/features`);
    expect(vars.get("WANDB_API_KEY")).toBe(SECRETS.wandb);
    // ...and nothing else holds a value, as it is or in base64 (whole or cut).
    expect(vars.has("HUSH_RUN_SECRETS")).toBe(false);
    expect(vars.get("HUSH_RUN_SECRETS_FILE")).toMatch(new RegExp(`^${tmp}/hush-run-\\d+-[A-Za-z0-9]{6}/secrets\\.json$`));
    for (const [name, value] of vars) {
      if (name === "DATABASE_URL" || name === "WANDB_API_KEY") continue;
      const decoded = Buffer.from(value, "base64").toString("latin1");
      for (const secret of [...Object.values(SECRETS), BIG.slice(0, 40)]) {
        expect(value, name).not.toContain(secret);
        expect(decoded, name).not.toContain(secret);
      }
    }
    // The file held them, and went with the run.
    expect(existsSync(vars.get("HUSH_RUN_SECRETS_FILE")!)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("a run inside a run hands its own secrets, never the enclosing run's", () => {
    const inner = `${node} ${HUSH_BIN} run -- ${node} ${join(FIXTURES, "print-env.js")} HUSH_RUN_SECRETS_FILE`;
    const r = hush(["run", "--with-secrets", "postgres", "--", "sh", "-c", inner], { cwd, env });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ HUSH_RUN_SECRETS_FILE: null });
  });
});

describe("in-run getSecret reads a private file: no size limit", () => {
  // The child drops the age key from its own environment first: the value must come from the run.
  const nodeChild = `delete process.env.SOPS_AGE_KEY;
const { createHash } = await import("node:crypto");
const { getSecret } = await import(${JSON.stringify(LIB)});
const s = await getSecret("big");
console.log(JSON.stringify({ scope: s.scope, n: s.values.blob.length, sha: createHash("sha256").update(s.values.blob).digest("hex") }));
`;
  const expected = { scope: "shared", n: BIG.length, sha: sha256(BIG) };

  it("a 200 KB secret used by a stack component: the run starts (no E2BIG) and the Node library's getSecret returns it", () => {
    writeFileSync(join(cwd, "child.mjs"), nodeChild);
    const r = hush(["run", "--stack", "big", "--", node, "child.mjs"], { cwd, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("a grandchild (sh -c 'node child.mjs') gets it too", () => {
    writeFileSync(join(cwd, "child.mjs"), nodeChild);
    const r = hush(["run", "--stack", "big", "--", "sh", "-c", `${node} child.mjs`], { cwd, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it("a python3 child gets it with docs/python.md's get_secret, as written there", () => {
    const doc = readFileSync(join(import.meta.dirname, "../../docs/python.md"), "utf8");
    const recipe = /```python\n(import json, os\n\ndef get_secret\(name\):\n(?: {4}.*\n)+)/.exec(doc)?.[1];
    expect(recipe).toBeDefined();
    const script = `${recipe}\nimport hashlib\ns = get_secret("big")\nprint(json.dumps({"scope": s["scope"], "n": len(s["values"]["blob"]), "sha": hashlib.sha256(s["values"]["blob"].encode()).hexdigest()}))\n`;
    writeFileSync(join(cwd, "child.py"), script);
    const r = hush(["run", "--stack", "big", "--", "python3", "child.py"], { cwd, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });
});

describe("plaintext temp dirs after SIGKILL of hush", () => {
  const started: StartedHush[] = [];
  const orphans: number[] = [];
  afterEach(async () => {
    for (const pid of orphans.splice(0)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const run of started.splice(0)) {
      run.child.kill("SIGKILL");
      await run.exited; // after the orphans: a killed hush's stdout may be held by its child
    }
  });

  /** A `hush run` whose child reports HUSH_STACK_CONFIG and waits; returns its run dir and the child's pid. */
  async function waitingRun(): Promise<{ run: StartedHush; dir: string; childPid: number }> {
    const run = startHush(["run", "--with-secrets", "--", node, join(FIXTURES, "stack-config.js"), "wait"], { cwd, env });
    started.push(run);
    await run.waitFor("ready");
    const { path, pid } = JSON.parse(run.out().split("\n")[0]!) as { path: string; pid: number };
    orphans.push(pid);
    return { run, dir: dirname(path), childPid: pid };
  }

  it("the dir of a SIGKILLed hush stays until the next hush making a temp dir sweeps it; a running hush's dir stays", async () => {
    const killed = await waitingRun();
    const live = await waitingRun();
    expect(killed.dir).toMatch(new RegExp(`^${tmp}/hush-run-${killed.run.child.pid}-[A-Za-z0-9]{6}$`));
    expect(readdirSync(killed.dir).sort()).toEqual(["secrets.json", "stack.json"]);

    killed.run.child.kill("SIGKILL");
    await killed.run.exited;
    // Nothing runs in a killed process: the plaintext is still there.
    expect(readdirSync(killed.dir).sort()).toEqual(["secrets.json", "stack.json"]);

    // A command that makes no temp dir does not sweep (the launch path stays cheap).
    expect(hush(["run", "--", "true"], { cwd, env }).status).toBe(0);
    expect(existsSync(killed.dir)).toBe(true);

    const next = hush(["run", "--with-secrets", "--", "true"], { cwd, env });
    expect(next.stderr).toBe("");
    expect(next.status).toBe(0);
    expect(existsSync(killed.dir)).toBe(false);
    expect(readdirSync(live.dir).sort()).toEqual(["secrets.json", "stack.json"]);

    live.run.child.kill("SIGTERM");
    await live.run.exited;
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("the plaintext copy of a SIGKILLed `hush edit` is swept by the next hush making a temp dir", async () => {
    const record = join(tempDir(), "edit.json");
    const edit = startHush(["edit", "secrets/shared/postgres.yaml"], {
      cwd,
      env: { ...env, EDITOR: `${node} ${join(FIXTURES, "slow-editor.js")}`, EDIT_RECORD: record },
    });
    started.push(edit);
    await edit.waitFor("editing");
    const { file, pid } = JSON.parse(readFileSync(record, "utf8")) as { file: string; pid: number };
    orphans.push(pid);
    expect(dirname(file)).toMatch(new RegExp(`^${tmp}/hush-edit-${edit.child.pid}-[A-Za-z0-9]{6}$`));
    expect(readFileSync(file, "utf8")).toContain(SECRETS.password);
    // (Its "close" waits for the editor, which holds hush's stdout: wait for the process itself.)
    const gone = new Promise((resolve) => edit.child.once("exit", resolve));
    edit.child.kill("SIGKILL");
    await gone;
    expect(readFileSync(file, "utf8")).toContain(SECRETS.password);

    expect(hush(["run", "--with-secrets", "--", "true"], { cwd, env }).status).toBe(0);
    expect(existsSync(dirname(file))).toBe(false);
  });

  it("a HUSH_TMPDIR that cannot take the dir: one line naming it, nothing started (125; sops edit: 3)", () => {
    const missing = join(tmp, "missing");
    const r = hush(["run", "--with-secrets", "--", "sh", "-c", "echo started"], { cwd, env: { ...env, HUSH_TMPDIR: missing } });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `hush: cannot make a private temp dir in ${missing}: ENOENT. set HUSH_TMPDIR to a directory you can write to (memory-backed if you can)\n`,
    );
    const edit = hush(["edit", "secrets/shared/postgres.yaml"], { cwd, env: { ...env, HUSH_TMPDIR: missing, EDITOR: "true" } });
    expect(edit.status).toBe(3);
    expect(edit.stderr).toContain(`cannot make a private temp dir in ${missing}: ENOENT`);
  });

  it("without TMPDIR the run's files are in memory: /dev/shm when it exists", () => {
    const r = hush(["run", "--with-secrets", "--", node, join(FIXTURES, "stack-config.js")], { cwd, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status).toBe(0);
    const { path } = JSON.parse(r.stdout) as { path: string };
    expect(path).toMatch(new RegExp(`^${existsSync("/dev/shm") ? "/dev/shm" : "/tmp"}/hush-run-\\d+-[A-Za-z0-9]{6}/stack\\.json$`));
    expect(existsSync(dirname(path))).toBe(false);
  });
});
