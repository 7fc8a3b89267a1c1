import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "./tmp.js";

export const HUSH_BIN = join(import.meta.dirname, "../../bin/hush.js");

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
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
