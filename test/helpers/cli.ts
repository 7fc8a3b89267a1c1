import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./tmp.js";

export const HUSH_BIN = join(import.meta.dirname, "../../bin/hush.js");
const CHILD_TIMEOUT_MS = 50_000;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`bin/hush.js`, so `npm run build` first) as a real child
 * process. `env` is added to a clean environment: no SOPS_*, HUSH_*, XDG_*,
 * and HOME pointed at `home` (a temp dir) unless given.
 */
export function hush(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string | Uint8Array; home?: string }): CliResult {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith("SOPS_") || k.startsWith("HUSH_") || k.startsWith("XDG_") || k.startsWith("GIT_")) continue;
    base[k] = v;
  }
  // Never the developer's own ~/.config/sops/age/keys.txt.
  base.HOME = options.home ?? tempDir("hush-home-");
  const r = spawnSync(process.execPath, [HUSH_BIN, ...args], {
    cwd: options.cwd,
    env: { ...base, ...options.env },
    input: options.input,
    encoding: "utf8",
    // Room for a large secret's output (the default 1 MB would cut it and report no status).
    maxBuffer: 256 * 1024 * 1024,
    // A hung child must fail its test, not stall the whole run (vitest cannot interrupt spawnSync).
    timeout: CHILD_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") {
    throw new Error(`hush ${args.join(" ")} did not finish within ${CHILD_TIMEOUT_MS / 1000} s (killed)`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI like `hush`, and fails the test (with the command and its stderr) unless it exits 0; returns stdout. */
export function hushOk(args: string[], options: Parameters<typeof hush>[1]): string {
  const r = hush(args, options);
  if (r.status !== 0) throw new Error(`hush ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** A CLI started by `startHush`: its process, its exit, and its output so far. */
export interface StartedHush {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Resolves once stdout holds `text`; throws (with both outputs) after ~10 s. */
  waitFor(text: string): Promise<void>;
  out(): string;
  err(): string;
}

/**
 * Starts the built CLI without waiting for it (signal and cleanup tests).
 * `env` is the whole environment besides PATH and HOME (`home`, default `cwd`).
 */
export function startHush(args: string[], options: { cwd: string; env?: Record<string, string>; home?: string; stdin?: "pipe" | "ignore" }): StartedHush {
  const child = spawn(process.execPath, [HUSH_BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: options.home ?? options.cwd, ...options.env },
    stdio: [options.stdin ?? "pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitFor = async (text: string): Promise<void> => {
    for (let i = 0; i < 400 && !stdout.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
    if (!stdout.includes(text)) throw new Error(`no "${text}" in output: ${stdout} ${stderr}`);
  };
  return { child, exited, waitFor, out: () => stdout, err: () => stderr };
}

let pathDir: string | undefined;

/**
 * A directory holding an executable `hush` that runs this checkout's built CLI:
 * put it first on PATH where something finds hush by name (the git hook, the
 * pre-commit framework's `language: system`), as an installed hush would be.
 */
export function hushOnPath(): string {
  if (pathDir && existsSync(pathDir)) return pathDir;
  pathDir = tempDir("hush-path-");
  writeFileSync(join(pathDir, "hush"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(HUSH_BIN)} "$@"\n`, { mode: 0o755 });
  return pathDir;
}
