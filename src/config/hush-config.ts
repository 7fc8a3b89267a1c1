/**
 * CONTRACT (owned by the store helper; the type is fixed, bodies to be written).
 * `.hush.yaml`: users -> age recipients, scopes, defaults (DESIGN "What a user's repository looks like").
 */
export type Scope = "user" | "shared";

export interface UserConfig {
  recipients: string[];
  email?: string;
}

export interface HushConfig {
  /** Absolute path of the repository root (the directory holding .hush.yaml). */
  root: string;
  /** Absolute path of .hush.yaml. */
  file: string;
  version: 1;
  /** Relative to root; default "secrets". */
  secretsDir: string;
  /** Relative to root; default "stacks". */
  stacksDir: string;
  defaultScope: Scope;
  defaultStack: string;
  users: Record<string, UserConfig>;
  /** User names, or ["*"] for every user. */
  sharedReaders: string[];
  escrow: string[];
}

/** Finds .hush.yaml from `cwd` upward and validates it. @throws HushError CONFIG_NOT_FOUND, CONFIG_INVALID (problems with line:col) */
export declare function loadHushConfig(cwd: string): Promise<HushConfig>;
