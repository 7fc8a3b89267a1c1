// `hush run` as a user runs it: the built CLI (npx tsc -p . first) in a real
// workspace, starting real node and sh children. No secret is needed here:
// process handling, exit statuses, signals and the stack-config file.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush, startHush } from "../helpers/cli.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE } from "../helpers/keys.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const node = process.execPath;

function workspace(): string {
  const dir = tempDir("hush-run-e2e-");
  writeTree(dir, {
    ".hush.yaml": `version: 1\nusers:\n  alice:\n    recipients: [${ALICE.recipient}]\n`,
    "stacks/default.yaml": "env:\n  PLAIN_SETTING: from-stack\ncomponents:\n  tracker:\n    flavor: mlflow\n    tracking_uri: http://mlflow.local\n",
    ".env.hush": "# plain values need no key\nexport FROM_FILE='from file'\n",
  });
  return dir;
}

/** Starts the CLI without waiting. */
function start(args: string[], cwd: string) {
  return startHush(args, { cwd });
}

describe("hush run (processes)", () => {
  it("exports the stack's env and the env file, and passes the child's flags through", () => {
    const cwd = workspace();
    const r = hush(
      ["run", "--with-secrets", "--env-file", ".env.hush", "--", node, join(FIXTURES, "print-env.js"), "PLAIN_SETTING", "FROM_FILE", "--with-secrets"],
      { cwd },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ PLAIN_SETTING: "from-stack", FROM_FILE: "from file", "--with-secrets": null });
  });

  it("takes --stack as a name or as a path to a stack file", () => {
    const cwd = workspace();
    writeTree(cwd, { "elsewhere/ci.yaml": "env:\n  PLAIN_SETTING: from-path\n", "stacks/prod.yml": "env:\n  PLAIN_SETTING: from-prod\n" });
    const byPath = hush(["run", "--stack", "elsewhere/ci.yaml", "--", node, join(FIXTURES, "print-env.js"), "PLAIN_SETTING"], { cwd });
    expect(JSON.parse(byPath.stdout)).toEqual({ PLAIN_SETTING: "from-path" });
    const byName = hush(["run", "--stack", "prod", "--", node, join(FIXTURES, "print-env.js"), "PLAIN_SETTING"], { cwd });
    expect(JSON.parse(byName.stdout)).toEqual({ PLAIN_SETTING: "from-prod" });
  });

  it("exits with the child's status", () => {
    const cwd = workspace();
    expect(hush(["run", "--", "sh", "-c", "exit 0"], { cwd }).status).toBe(0);
    expect(hush(["run", "--", "sh", "-c", "exit 9"], { cwd }).status).toBe(9);
    expect(hush(["run", "--no-mask", "--", "sh", "-c", "exit 4"], { cwd }).status).toBe(4);
  });

  it("exits 128+N when the child dies of signal N", () => {
    expect(hush(["run", "--", "sh", "-c", "kill -TERM $$"], { cwd: workspace() }).status).toBe(143);
  });

  it("exits 127 for a command that does not exist, 126 for one that is not executable, with one line", () => {
    const cwd = workspace();
    const missing = hush(["run", "--", "no-such-command-hush"], { cwd });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toBe("hush: command not found: no-such-command-hush. check the name and PATH (hush runs it without a shell)\n");
    const notExecutable = hush(["run", "--", join(FIXTURES, "print-env.js")], { cwd });
    expect(notExecutable.status).toBe(126);
    expect(notExecutable.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 125 when hush fails before starting the child", () => {
    const r = hush(["run", "--stack", "nope", "--", "sh", "-c", "echo started"], { cwd: workspace() });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('stack "nope" not found');
  });

  it("exits 125 with a hint when no command is given", () => {
    const r = hush(["run", "--with-secrets"], { cwd: workspace() });
    expect(r.status).toBe(125);
    expect(r.stderr).toContain("no command to run");
  });

  it("passes stdin through", () => {
    const r = hush(["run", "--", join(FIXTURES, "echo-stdin.sh"), "5"], { cwd: workspace(), input: "line one\nline two\n" });
    expect(r.stdout).toBe("line one\nline two\n");
    expect(r.status).toBe(5);
  });

  it("ends when its reader goes away, as the child would alone (`hush run -- yes | head -2`)", () => {
    const cwd = workspace();
    const r = spawnSync("sh", ["-c", `${node} ${HUSH_BIN} run -- yes | head -2`], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.stdout).toBe("y\ny\n");
  });

  it("passes binary output through unchanged under masking", () => {
    // The cli helper decodes UTF-8; binary needs the raw bytes.
    const cwd = workspace();
    const r = spawnSync(node, [HUSH_BIN, "run", "--with-secrets", "--", node, join(FIXTURES, "binary.js"), "64"], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd },
    });
    const expected = Buffer.from(Array.from({ length: 256 * 64 }, (_, i) => (i * 31 + (i >> 8)) & 255));
    expect(r.status).toBe(0);
    expect(r.stdout.equals(expected)).toBe(true);
  });

  it("gives the child a 0600 stack config and removes it when the child exits", () => {
    const r = hush(["run", "--with-secrets", "--", node, join(FIXTURES, "stack-config.js")], { cwd: workspace() });
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout) as { path: string; mode: string; content: unknown };
    expect(info.mode).toBe("600");
    expect(info.content).toEqual({ stack: "default", components: { tracker: { flavor: "mlflow", tracking_uri: "http://mlflow.local" } } });
    expect(existsSync(info.path)).toBe(false);
  });

  it("forwards SIGTERM to the child and exits with the child's status", async () => {
    const run = start(["run", "--", node, join(FIXTURES, "on-signal.js"), "42"], workspace());
    await run.waitFor("ready");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(42);
    expect(run.out()).toContain("got SIGTERM");
  });

  it("forwards SIGINT and SIGHUP too", async () => {
    for (const signal of ["SIGINT", "SIGHUP"] as const) {
      const run = start(["run", "--", node, join(FIXTURES, "on-signal.js"), "7"], workspace());
      await run.waitFor("ready");
      run.child.kill(signal);
      expect(await run.exited).toBe(7);
      expect(run.out()).toContain(`got ${signal}`);
    }
  });

  for (const [signal, status] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    it(`removes the stack config when hush gets ${signal} and the child dies of it`, async () => {
      const run = start(["run", "--with-secrets", "--", node, join(FIXTURES, "stack-config.js"), "wait"], workspace());
      await run.waitFor("ready");
      const { path } = JSON.parse(run.out().split("\n")[0]!) as { path: string };
      expect(existsSync(path)).toBe(true);
      run.child.kill(signal);
      expect(await run.exited).toBe(status);
      expect(existsSync(path)).toBe(false);
    });
  }

  it("removes the stack config when the child is killed", async () => {
    const run = start(["run", "--with-secrets", "--", node, join(FIXTURES, "stack-config.js"), "wait"], workspace());
    await run.waitFor("ready");
    const { path, pid } = JSON.parse(run.out().split("\n")[0]!) as { path: string; pid: number };
    process.kill(pid, "SIGKILL");
    expect(await run.exited).toBe(137);
    expect(existsSync(path)).toBe(false);
  });
});
