/**
 * The Hush facade: the library API the CLI and users call (DESIGN "Library").
 * Each area's methods delegate to their module, imported lazily so that a
 * command loads only what it uses.
 *
 * Sections are owned by areas: store (secrets, users), refs (stacks),
 * check, run, git. Keep each method a thin delegation.
 */
import type { HushConfig } from "./config/hush-config.js";

export interface OpenOptions {
  /** Where to look for .hush.yaml (upward). Default: process.cwd(). */
  cwd?: string;
  /** Active-user override (the CLI's --as; HUSH_USER otherwise). */
  as?: string;
  /** Environment to read SOPS_AGE_*, HUSH_* from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export class Hush {
  private constructor(
    readonly config: HushConfig,
    readonly options: Required<Pick<OpenOptions, "env">> & OpenOptions,
  ) {}

  /** Finds .hush.yaml from `cwd` upward. @throws HushError CONFIG_NOT_FOUND, CONFIG_INVALID */
  static async open(options: OpenOptions = {}): Promise<Hush> {
    const { loadHushConfig } = await import("./config/hush-config.js");
    const config = await loadHushConfig(options.cwd ?? process.cwd());
    return new Hush(config, { ...options, env: options.env ?? process.env });
  }

  get root(): string {
    return this.config.root;
  }

  // ── store: secrets and users ──────────────────────────────────────────

  // ── refs: stacks ─────────────────────────────────────────────────────

  // ── check ────────────────────────────────────────────────────────────

  // ── run ──────────────────────────────────────────────────────────────

  // ── git ──────────────────────────────────────────────────────────────
}
