// hush exec-env / exec-file as a user runs them: the built CLI (bin/hush.js)
// on real sops files with real age keys, starting real `/bin/sh -c` children.
// Every run gets its own TMPDIR, so "the temp dir is gone" is checked by
// that dir being empty afterwards.
import { execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HUSH_BIN, hush, startHush, type CliResult } from "../helpers/cli.js";
import { ALICE, BOB } from "../helpers/keys.js";
import { tempDir, writeTree } from "../helpers/tmp.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const q = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
const NODE = q(process.execPath);
const PRINT_ENV = `${NODE} ${q(join(FIXTURES, "print-env.js"))}`;
const PLAINTEXT_PATH = `${NODE} ${q(join(FIXTURES, "plaintext-path.js"))}`;
const ON_SIGNAL = `${NODE} ${q(join(FIXTURES, "on-signal.js"))}`;

/** A value that must never show up anywhere but in the child's environment or the plaintext. */
const CANARY = "canary-7f3a9-do-not-leak";
const PLAIN = [
  "# a comment line is no variable",
  "GREETING: hello world",
  'MULTI: "line one\\nline two\\n"',
  `QUOTES: "it's \\"quoted\\" $HOME \`x\` \\\\n"`,
  'EMPTY: ""',
  `SECRET: ${CANARY}`,
  "",
].join("\n");
const EXPORTED = { GREETING: "hello world", MULTI: "line one\nline two\n", QUOTES: `it's "quoted" $HOME \`x\` \\n`, EMPTY: "", SECRET: CANARY };

interface Workspace {
  dir: string;
  /** This workspace's HUSH_TMPDIR: empty whenever no hush is running. */
  tmp: string;
  env: Record<string, string>;
  /** enc.yaml as `hush decrypt` prints it: what the pipe or file must hold. */
  plaintext: string;
}

/** A temp dir holding enc.yaml (PLAIN, encrypted to alice) and, with `files`, more files to encrypt. */
function workspace(files: Record<string, string> = {}): Workspace {
  const dir = tempDir("hush-exec-e2e-");
  const tmp = tempDir("hush-exec-tmp-");
  writeTree(dir, { "enc.yaml": PLAIN, ...files });
  for (const name of ["enc.yaml", ...Object.keys(files)]) ok(hush(["encrypt", "-i", "--age", ALICE.recipient, name], { cwd: dir }));
  const env = { SOPS_AGE_KEY: ALICE.identity, HUSH_TMPDIR: tmp };
  const plaintext = ok(hush(["decrypt", "enc.yaml"], { cwd: dir, env })).stdout;
  expect(plaintext).toContain(CANARY);
  return { dir, tmp, env, plaintext };
}

function ok(r: CliResult): CliResult {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

const running = new Set<ChildProcess>();
// A failed test must not leave its hush (and, through forwarding, its command) running.
afterEach(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  running.clear();
});

/** Starts the CLI without waiting, and stops it after the test if the test did not. */
function start(args: string[], ws: Workspace) {
  const started = startHush(args, { cwd: ws.dir, env: ws.env, stdin: "ignore" });
  running.add(started.child);
  return started;
}

interface PathInfo {
  pid: number;
  path: string;
  kind: string;
  mode: string;
  dirMode: string;
  content: string;
  canaryInArgv?: number[];
}
const pathInfo = (stdout: string): PathInfo => JSON.parse(stdout.split("\n")[0]!) as PathInfo;

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe("hush exec-env", () => {
  it("exports the top-level values exactly (spaces, newlines, quotes), skips comments, and keeps the environment", () => {
    const ws = workspace();
    const r = ok(
      hush(["exec-env", "enc.yaml", `${PRINT_ENV} ${Object.keys(EXPORTED).join(" ")} FROM_PARENT`], {
        cwd: ws.dir,
        env: { ...ws.env, FROM_PARENT: "kept", GREETING: "replaced" },
      }),
    );
    expect(JSON.parse(r.stdout)).toEqual({ ...EXPORTED, FROM_PARENT: "kept" });
    expect(r.stderr).toBe("");
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("--pristine: the command gets only the file's variables", () => {
    const ws = workspace();
    const r = ok(
      hush(["exec-env", "--pristine", "enc.yaml", `${PRINT_ENV} GREETING SECRET FROM_PARENT PATH HOME SOPS_AGE_KEY`], {
        cwd: ws.dir,
        env: { ...ws.env, FROM_PARENT: "dropped" },
      }),
    );
    expect(JSON.parse(r.stdout)).toEqual({ GREETING: "hello world", SECRET: CANARY, FROM_PARENT: null, PATH: null, HOME: null, SOPS_AGE_KEY: null });
  });

  it("refuses maps, lists and non-string values as sops 3.9/3.10 do (exit 1, one line naming the keys, never a value), and runs nothing", () => {
    const ws = workspace({
      "nested.yaml": `db:\n    password: ${CANARY}\nlist:\n    - ${CANARY}\nport: 5432\nratio: 0.5\ndebug: true\nnothing: null\nfine: text\n`,
      "eq.json": `{"A=B": "${CANARY}"}`,
    });
    for (const [file, named] of [
      ["nested.yaml", ['"db" (a map)', '"list" (a list)', '"port" (an integer)', '"ratio" (a float)', '"debug" (a boolean)', '"nothing" (null)']],
      ["eq.json", [`"A=B" (the key holds '=')`]],
    ] as const) {
      const r = hush(["exec-env", file, "echo started"], { cwd: ws.dir, env: ws.env });
      expect(r.status, file).toBe(1);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^hush: ${file.replace(".", "\\.")}: cannot put `));
      for (const name of named) expect(lines[0]).toContain(name);
      expect(r.stderr).not.toContain(CANARY);
      expect(r.stderr).not.toContain("fine");
    }
  });

  it("exits with the command's status, 128+N when it dies of signal N, 127 and 126 from the shell", () => {
    const ws = workspace();
    writeTree(ws.dir, { "not-executable.sh": "echo hi\n" });
    chmodSync(join(ws.dir, "not-executable.sh"), 0o644);
    const run = (command: string) => hush(["exec-env", "enc.yaml", command], { cwd: ws.dir, env: ws.env });
    expect(run("exit 0").status).toBe(0);
    expect(run("exit 3").status).toBe(3);
    expect(run('test "$GREETING" = "hello world"').status).toBe(0);
    expect(run(`${NODE} -e 'process.kill(process.pid, "SIGKILL")'`).status).toBe(137);
    expect(run("sh -c 'kill -TERM $$'").status).toBe(143);
    const missing = run("no-such-command-hush");
    expect(missing.status).toBe(127);
    expect(missing.stderr).toMatch(/no-such-command-hush: not found/);
    expect(run("./not-executable.sh").status).toBe(126);
  });

  it("forwards SIGTERM to the command and exits with the command's status", async () => {
    const ws = workspace();
    const run = start(["exec-env", "enc.yaml", `${ON_SIGNAL} 42`], ws);
    await run.waitFor("ready");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(42);
    expect(run.out()).toContain("got SIGTERM");
  });

  it("forwards SIGINT and SIGHUP through a compound command line too", async () => {
    for (const signal of ["SIGINT", "SIGHUP"] as const) {
      const ws = workspace();
      const run = start(["exec-env", "enc.yaml", `true; ${ON_SIGNAL} 7; echo not-reached`], ws);
      await run.waitFor("ready");
      run.child.kill(signal);
      expect(await run.exited, signal).toBe(7);
      expect(run.out()).toContain(`got ${signal}`);
      expect(run.out()).not.toContain("not-reached");
    }
  });

  it("on a terminal, the command stays in the terminal session (it can open /dev/tty); with all stdio redirected it leads its own (no /dev/tty)", () => {
    const ws = workspace();
    const probe = `if (exec 3</dev/tty) 2>/dev/null; then echo "tty:yes:$GREETING"; else echo "tty:no:$GREETING"; fi`;
    const line = `${NODE} ${q(HUSH_BIN)} exec-env enc.yaml ${q(probe)}`;
    // A real pseudo-terminal from util-linux `script`.
    const onTerminal = execFileSync("script", ["-qec", line, "/dev/null"], {
      cwd: ws.dir,
      env: { PATH: String(process.env.PATH), HOME: ws.dir, TERM: "xterm", ...ws.env },
      encoding: "utf8",
    });
    expect(onTerminal).toContain("tty:yes:hello world");
    const piped = execFileSync("script", ["-qec", `${line} < /dev/null > out.txt 2>&1`, "/dev/null"], {
      cwd: ws.dir,
      env: { PATH: String(process.env.PATH), HOME: ws.dir, ...ws.env },
      encoding: "utf8",
    });
    expect(piped).toBe("");
    expect(readFileSync(join(ws.dir, "out.txt"), "utf8")).toBe("tty:no:hello world\n");
  });

  it("--background: returns 0 at once with a deprecation warning; the command runs later, without hush's stdio", async () => {
    const ws = workspace();
    const out = join(ws.dir, "bg.out");
    const gate = join(ws.dir, "go");
    // The command finishes only once the test opens the gate: hush returning first is no race won.
    const r = ok(
      hush(["exec-env", "--background", "enc.yaml", `echo to-stdout; while [ ! -e ${q(gate)} ]; do sleep 0.05; done; printf %s "$GREETING" > ${q(out)}`], {
        cwd: ws.dir,
        env: ws.env,
      }),
    );
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^hush: warning: --background is deprecated/);
    expect(existsSync(out)).toBe(false);
    writeFileSync(gate, "");
    await waitUntil(() => existsSync(out) && readFileSync(out, "utf8") !== "", "the background command");
    expect(readFileSync(out, "utf8")).toBe("hello world");
  });
});

describe("hush exec-file", () => {
  it("hands the plaintext through a 0600 named pipe in a 0700 dir, replaces every {}, and removes the dir", () => {
    const ws = workspace();
    const r = ok(hush(["exec-file", "enc.yaml", `${PLAINTEXT_PATH} {}; echo "again: {}"`], { cwd: ws.dir, env: { ...ws.env, CANARY } }));
    const info = pathInfo(r.stdout);
    expect(info).toMatchObject({ kind: "fifo", mode: "600", dirMode: "700", content: ws.plaintext });
    expect(info.path.startsWith(ws.tmp + "/")).toBe(true);
    expect(info.path.endsWith("/tmp-file")).toBe(true);
    expect(r.stdout).toContain(`again: ${info.path}\n`);
    // No process's argv held the secret while the command ran (mkfifo's holds only the path).
    expect(info.canaryInArgv).toEqual([]);
    expect(existsSync(dirname(info.path))).toBe(false);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("`cat {}` prints the plaintext; --output-type json converts it", () => {
    const ws = workspace();
    expect(ok(hush(["exec-file", "enc.yaml", "cat {}"], { cwd: ws.dir, env: ws.env })).stdout).toBe(ws.plaintext);
    const json = ok(hush(["exec-file", "--output-type", "json", "enc.yaml", "cat {}"], { cwd: ws.dir, env: ws.env })).stdout;
    expect(json).toBe(ok(hush(["decrypt", "--output-type", "json", "enc.yaml"], { cwd: ws.dir, env: ws.env })).stdout);
    expect(JSON.parse(json)).toEqual(EXPORTED);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("a command that never reads the pipe still ends, and the dir is removed", () => {
    const ws = workspace();
    const r = hush(["exec-file", "enc.yaml", "echo ignored {}; exit 4"], { cwd: ws.dir, env: ws.env });
    expect(r.status).toBe(4);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("--no-fifo: a 0600 regular file named tmp-file<random>, removed after the command", () => {
    const ws = workspace();
    const r = ok(hush(["exec-file", "--no-fifo", "enc.yaml", `${PLAINTEXT_PATH} {}`], { cwd: ws.dir, env: ws.env }));
    const info = pathInfo(r.stdout);
    expect(info).toMatchObject({ kind: "file", mode: "600", dirMode: "700", content: ws.plaintext });
    expect(info.path).toMatch(/\/tmp-file\d+$/);
    expect(existsSync(info.path)).toBe(false);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("--filename names the file or the pipe; a name with '/' or '..' is refused before anything is made", () => {
    const ws = workspace();
    for (const extra of [[], ["--no-fifo"]]) {
      const r = ok(hush(["exec-file", ...extra, "--filename", "app.yaml", "enc.yaml", `${PLAINTEXT_PATH} {}`], { cwd: ws.dir, env: ws.env }));
      expect(pathInfo(r.stdout).path.endsWith("/app.yaml"), extra.join(" ")).toBe(true);
    }
    for (const bad of ["../escape", "a/b", ".."]) {
      const r = hush(["exec-file", "--no-fifo", "--filename", bad, "enc.yaml", "cat {}"], { cwd: ws.dir, env: ws.env });
      expect(r.status, bad).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/--filename .* is not a plain file name/);
    }
    expect(readdirSync(ws.tmp)).toEqual([]);
    expect(existsSync(join(dirname(ws.tmp), "escape"))).toBe(false);
  });

  it("--no-fifo: the file is gone when the command is killed (exit 137)", async () => {
    const ws = workspace();
    const run = start(["exec-file", "--no-fifo", "enc.yaml", `${PLAINTEXT_PATH} {} wait`], ws);
    await run.waitFor("ready");
    const info = pathInfo(run.out());
    expect(existsSync(info.path)).toBe(true);
    process.kill(info.pid, "SIGKILL");
    expect(await run.exited).toBe(137);
    expect(existsSync(info.path)).toBe(false);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  for (const [extra, signal, status] of [
    [["--no-fifo"], "SIGTERM", 143],
    [[], "SIGINT", 130],
    [[], "SIGHUP", 129],
  ] as const) {
    it(`${[...extra, ""].join(" ")}removes the dir when hush gets ${signal} and the command dies of it (exit ${status})`, async () => {
      const ws = workspace();
      const run = start(["exec-file", ...extra, "enc.yaml", `${PLAINTEXT_PATH} {} wait`], ws);
      await run.waitFor("ready");
      const { path } = pathInfo(run.out());
      expect(readdirSync(ws.tmp)).toHaveLength(1);
      run.child.kill(signal);
      expect(await run.exited).toBe(status);
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(ws.tmp)).toEqual([]);
    });
  }

  it("forwards SIGTERM and returns the command's own status", async () => {
    const ws = workspace();
    const run = start(["exec-file", "enc.yaml", `cat {} > /dev/null; ${ON_SIGNAL} 42`], ws);
    await run.waitFor("ready");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(42);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("--background: hush stays until the command has read the pipe, then exits 0 and removes the dir", async () => {
    const ws = workspace();
    const out = join(ws.dir, "bg.out");
    const gate = join(ws.dir, "go");
    const done = join(ws.dir, "bg.done");
    // The command ends only once the test opens the gate: hush returned without waiting for its end.
    const r = ok(
      hush(["exec-file", "--background", "enc.yaml", `cat {} > ${q(out)}; while [ ! -e ${q(gate)} ]; do sleep 0.05; done; : > ${q(done)}`], {
        cwd: ws.dir,
        env: ws.env,
      }),
    );
    expect(r.stderr).toMatch(/^hush: warning: --background is deprecated/);
    expect(readdirSync(ws.tmp)).toEqual([]);
    expect(existsSync(done)).toBe(false);
    writeFileSync(gate, "");
    await waitUntil(() => existsSync(done), "the background command's end");
    await waitUntil(() => existsSync(out) && readFileSync(out, "utf8") === ws.plaintext, "the background command's copy");
  });

  it("--background with --no-fifo is refused (exit 8): the file would outlive hush or vanish before it is read", () => {
    const ws = workspace();
    const r = hush(["exec-file", "--background", "--no-fifo", "enc.yaml", "cat {}"], { cwd: ws.dir, env: ws.env });
    expect(r.status).toBe(8);
    expect(readdirSync(ws.tmp)).toEqual([]);
  });
});

describe("errors as hush decrypt has them", () => {
  it("wrong key, no key, a tampered value, not a sops file, no such file: decrypt's line and exit code; nothing runs", () => {
    const ws = workspace();
    const text = readFileSync(join(ws.dir, "enc.yaml"), "utf8");
    // GREETING's ciphertext under SECRET: its AAD (the key path) no longer matches.
    const greeting = /^GREETING: (ENC\[[^\]]+\])/m.exec(text)![1]!;
    writeTree(ws.dir, { "plain.yaml": "a: b\n", "swapped.yaml": text.replace(/^SECRET: ENC\[[^\]]+\]/m, `SECRET: ${greeting}`) });
    const cases: Array<[string, Record<string, string>, number]> = [
      ["enc.yaml", { SOPS_AGE_KEY: BOB.identity }, 128],
      ["enc.yaml", {}, 128],
      ["swapped.yaml", { SOPS_AGE_KEY: ALICE.identity }, 25],
      ["plain.yaml", { SOPS_AGE_KEY: ALICE.identity }, 1],
      ["missing.yaml", { SOPS_AGE_KEY: ALICE.identity }, 100],
    ];
    for (const [file, keys, status] of cases) {
      const env = { HUSH_TMPDIR: ws.tmp, ...keys };
      const expected = hush(["decrypt", file], { cwd: ws.dir, env });
      expect(expected.status, file).toBe(status);
      for (const args of [
        ["exec-env", file, "echo started"],
        ["exec-file", file, "echo started {}"],
        ["exec-file", "--no-fifo", file, "echo started {}"],
      ]) {
        const r = hush(args, { cwd: ws.dir, env });
        expect(r.status, args.join(" ")).toBe(status);
        expect(r.stderr, args.join(" ")).toBe(expected.stderr);
        expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
        expect(r.stdout).toBe("");
      }
    }
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("a MAC mismatch is exit 51 for both", () => {
    const ws = workspace();
    const text = readFileSync(join(ws.dir, "enc.yaml"), "utf8");
    writeFileSync(join(ws.dir, "enc.yaml"), text.replace(/^GREETING: .*\n/m, "")); // a value less: the MAC no longer matches
    const expected = hush(["decrypt", "enc.yaml"], { cwd: ws.dir, env: ws.env });
    expect(expected.status).toBe(51);
    for (const cmd of ["exec-env", "exec-file"]) {
      const r = hush([cmd, "enc.yaml", "echo started"], { cwd: ws.dir, env: ws.env });
      expect(r.status, cmd).toBe(51);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe("");
    }
  });

  it("a bad --output-type or --input-type is a usage error (exit 2)", () => {
    const ws = workspace();
    expect(hush(["exec-file", "--output-type", "jsn", "enc.yaml", "cat {}"], { cwd: ws.dir, env: ws.env }).status).toBe(2);
    expect(hush(["exec-env", "--input-type", "jsn", "enc.yaml", "env"], { cwd: ws.dir, env: ws.env }).status).toBe(2);
  });
});

describe("exec-file quotes the path it puts in the command", () => {
  /** A workspace whose temp dir (HUSH_TMPDIR, as TMPDIR when /dev/shm is not there) has a space in its name. */
  function spacedWorkspace(): Workspace {
    const ws = workspace();
    const tmp = join(ws.tmp, "tmp dir with space");
    mkdirSync(tmp);
    return { ...ws, tmp, env: { ...ws.env, HUSH_TMPDIR: tmp, TMPDIR: tmp } };
  }

  it("works with a temp dir holding a space, for {} bare, in double quotes and in single quotes", () => {
    const ws = spacedWorkspace();
    for (const command of ["cat {}", 'cat "{}"', "cat '{}'"]) {
      for (const extra of [[], ["--no-fifo"]]) {
        const r = hush(["exec-file", ...extra, "enc.yaml", command], { cwd: ws.dir, env: ws.env });
        expect(r.stderr, `${command} ${extra.join(" ")}`).toBe("");
        expect(r.stdout).toBe(ws.plaintext);
      }
    }
    expect(readdirSync(ws.tmp)).toEqual([]);
  });

  it("a hostile --filename stays one word and runs nothing", () => {
    const ws = spacedWorkspace();
    const pwned = join(ws.dir, "pwned");
    // No '/' in a file name: the command runs in ws.dir, where `touch pwned` would leave its mark.
    for (const name of ["x;touch pwned;", "$(touch pwned)", "`touch pwned`", "x'; touch pwned; '", 'x"; touch pwned; "', "a b\\'c"]) {
      for (const command of ["cat {}", 'cat "{}"', "cat '{}'"]) {
        const r = hush(["exec-file", "--no-fifo", "--filename", name, "enc.yaml", command], { cwd: ws.dir, env: ws.env });
        expect(r.stderr, `${name} in ${command}`).toBe("");
        expect(r.stdout).toBe(ws.plaintext);
        expect(existsSync(pwned), `${name} in ${command}`).toBe(false);
      }
    }
  });
});

describe("exec-env and exec-file keep hush's keys from the command", () => {
  const keys = `${NODE} -e 'console.log(JSON.stringify(Object.keys(process.env).filter((k) => k.startsWith("SOPS_")).sort()))'`;

  it("removes SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and the like (sops passes them on); --pass-keys passes them as sops does", () => {
    const ws = workspace();
    const keyFile = join(ws.dir, "keys.txt");
    writeFileSync(keyFile, `${ALICE.identity}\n`, { mode: 0o600 });
    const env = { ...ws.env, SOPS_AGE_KEY_FILE: keyFile, SOPS_AGE_RECIPIENTS: ALICE.recipient };
    for (const command of [
      ["exec-env", "enc.yaml", keys],
      ["exec-file", "enc.yaml", `cat {} >/dev/null; ${keys}`],
    ]) {
      const r = ok(hush(command, { cwd: ws.dir, env }));
      expect(JSON.parse(r.stdout), command[0]).toEqual(["SOPS_AGE_RECIPIENTS"]);
      const passed = ok(hush([command[0]!, "--pass-keys", ...command.slice(1)], { cwd: ws.dir, env }));
      expect(JSON.parse(passed.stdout), command[0]).toEqual(["SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_RECIPIENTS"]);
    }
    // `env` in the command shows no key.
    expect(ok(hush(["exec-env", "enc.yaml", "env"], { cwd: ws.dir, env })).stdout).not.toContain(ALICE.identity);
  });
});
