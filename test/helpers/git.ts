import { execFileSync, spawnSync } from "node:child_process";
import { tempDir, writeTree } from "./tmp.js";

/** Runs git in `cwd` with a fixed identity and no signing, returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
    },
  });
}

/** A temp git repository with a fixed user, no signing, on branch main, holding `files`. */
export function gitRepo(files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempDir("hush-repo-");
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Test");
  git(dir, "config", "user.email", "test@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  writeTree(dir, files);
  return dir;
}

/**
 * Runs git with a fixed author, a fresh HOME, no system config and no pager,
 * in a clean environment (no SOPS_*, HUSH_*, GIT_*) plus `env` — which the
 * hush drivers git starts inherit. Never throws: the status is returned.
 */
export function gitWithEnv(cwd: string, env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("SOPS_") && !k.startsWith("HUSH_") && !k.startsWith("GIT_")) base[k] = v;
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...base,
      HOME: tempDir("hush-home-"),
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_PAGER: "cat",
      ...env,
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
