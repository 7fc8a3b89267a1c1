// Colours under masking: when hush's own output is a terminal, the masked
// child (writing into a pipe) is told so; with --no-mask it gets the terminal
// itself. A real pseudo-terminal comes from util-linux `script`.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HUSH_BIN } from "../helpers/cli.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE } from "../helpers/keys.js";

const PROBE = `${process.execPath} -e 'console.log(JSON.stringify([process.stdout.isTTY ?? false, process.env.FORCE_COLOR ?? null, process.env.CLICOLOR_FORCE ?? null]))'`;

/** Runs a shell command line under a pseudo-terminal and returns the last JSON line it printed. */
function inTerminal(commandLine: string, env: Record<string, string> = {}): unknown {
  const cwd = tempDir();
  writeTree(cwd, { ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n` });
  const out = execFileSync("script", ["-qec", commandLine, "/dev/null"], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, TERM: "xterm", ...env },
    encoding: "utf8",
  });
  // The terminal turns \n into \r\n; node's console may colour nothing here (JSON string).
  const line = out
    .split(/\r?\n/)
    .filter((l) => l.startsWith("["))
    .at(-1);
  return JSON.parse(line ?? "null");
}

describe("hush run on a terminal", () => {
  it("tells a masked child that the output is a terminal (FORCE_COLOR, CLICOLOR_FORCE)", () => {
    expect(inTerminal(`${process.execPath} ${HUSH_BIN} run -- ${PROBE}`)).toEqual([false, "1", "1"]);
  });

  it("leaves the user's own FORCE_COLOR alone, and honours NO_COLOR", () => {
    expect(inTerminal(`${process.execPath} ${HUSH_BIN} run -- ${PROBE}`, { FORCE_COLOR: "0" })).toEqual([false, "0", "1"]);
    expect(inTerminal(`${process.execPath} ${HUSH_BIN} run -- ${PROBE}`, { NO_COLOR: "1" })).toEqual([false, null, null]);
  });

  it("gives the child the terminal itself with --no-mask", () => {
    expect(inTerminal(`${process.execPath} ${HUSH_BIN} run --no-mask -- ${PROBE}`)).toEqual([true, null, null]);
  });

  it("says nothing to the child when hush's output is not a terminal", () => {
    expect(inTerminal(`${process.execPath} ${HUSH_BIN} run -- ${PROBE} | cat`)).toEqual([false, null, null]);
  });
});
