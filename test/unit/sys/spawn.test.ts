import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { isHushError } from "../../../src/errors.js";
import { runChild } from "../../../src/sys/spawn.js";
import { maskFilter } from "../../../src/run/mask.js";
import { tempDir } from "../../helpers/tmp.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const node = process.execPath;

/** A Writable that keeps every chunk, to see what the child's output became. */
function sink(): Writable & { bytes(): Buffer; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(chunk);
      done();
    },
  }) as Writable & { bytes(): Buffer; chunks: Buffer[] };
  w.chunks = chunks;
  w.bytes = () => Buffer.concat(chunks);
  return w;
}

function run(command: string, args: string[], mask: string[] | undefined, env: NodeJS.ProcessEnv = process.env) {
  const stdout = sink();
  const stderr = sink();
  const status = runChild({ command, args, cwd: FIXTURES, env, ...(mask ? { filterOutput: maskFilter(mask) } : {}), stdout, stderr });
  return { status, stdout, stderr };
}

describe("runChild", () => {
  it("passes argv exactly, without a shell", async () => {
    const r = run("sh", ["-c", 'printf "%s|" "$@"', "sh", "a b", "$HOME", "*", "--flag"], []);
    expect(await r.status).toBe(0);
    expect(r.stdout.bytes().toString()).toBe("a b|$HOME|*|--flag|");
  });

  it("returns the child's exit status", async () => {
    expect(await run("sh", ["-c", "exit 7"], []).status).toBe(7);
    expect(await run(node, ["-e", "process.exit(0)"], []).status).toBe(0);
  });

  it("returns 128+N when the child dies of signal N", async () => {
    expect(await run("sh", ["-c", "kill -TERM $$"], []).status).toBe(143);
    expect(await run("sh", ["-c", "kill -KILL $$"], []).status).toBe(137);
  });

  it("masks a value the child writes one byte at a time, on stdout and stderr", async () => {
    const out = run(node, [join(FIXTURES, "drip.js"), "token=hunter2-secret;"], ["hunter2-secret"]);
    expect(await out.status).toBe(0);
    expect(out.stdout.chunks.length).toBeGreaterThan(5); // it did arrive in pieces
    expect(out.stdout.bytes().toString()).toBe("token=*****;");
    const err = run(node, [join(FIXTURES, "drip.js"), "e hunter2-secret e", "stderr"], ["hunter2-secret"]);
    expect(await err.status).toBe(0);
    expect(err.stderr.bytes().toString()).toBe("e ***** e");
  });

  it("passes binary output through unchanged", async () => {
    const r = run(node, [join(FIXTURES, "binary.js"), "512"], ["not-in-there"]);
    expect(await r.status).toBe(0);
    const expected = Buffer.from(Array.from({ length: 256 * 512 }, (_, i) => (i * 31 + (i >> 8)) & 255));
    expect(r.stdout.bytes().equals(expected)).toBe(true);
  });

  it("keeps output written just before the child exits", async () => {
    // (node's own process.exit can cut a pipe write short; sh writes it all.)
    const r = run("sh", ["-c", "head -c 300000 /dev/zero | tr '\\0' x; printf END; exit 3"], ["zzzz"]);
    expect(await r.status).toBe(3);
    expect(r.stdout.bytes().toString().endsWith("END")).toBe(true);
    expect(r.stdout.bytes().length).toBe(300003);
  });

  it("throws COMMAND_NOT_FOUND for a command that does not exist", async () => {
    const error = await run("hush-no-such-command-xyz", [], []).status.catch((e: unknown) => e);
    expect(isHushError(error, "COMMAND_NOT_FOUND")).toBe(true);
    expect((error as Error).message).toBe("command not found: hush-no-such-command-xyz");
  });

  it("throws COMMAND_NOT_EXECUTABLE for a file without the execute bit", async () => {
    const dir = tempDir();
    const script = join(dir, "script.sh");
    writeFileSync(script, "#!/bin/sh\necho hi\n");
    chmodSync(script, 0o644);
    const error = await run(script, [], []).status.catch((e: unknown) => e);
    expect(isHushError(error, "COMMAND_NOT_EXECUTABLE")).toBe(true);
  });

  it("gives the child exactly the environment it is handed", async () => {
    const r = run(node, [join(FIXTURES, "print-env.js"), "ONLY_THIS", "HOME"], [], { ONLY_THIS: "yes", PATH: process.env.PATH });
    expect(await r.status).toBe(0);
    expect(JSON.parse(r.stdout.bytes().toString())).toEqual({ ONLY_THIS: "yes", HOME: null });
  });
});
