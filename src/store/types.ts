/**
 * What the store tells the
 * layers above it (refs, check, run, git) without any private key.
 */
import type { Scope } from "../config/hush-config.js";

export interface SecretInfo {
  name: string;
  scope: Scope;
  /** The owner of a user-scoped secret. */
  user?: string;
  /** Path relative to the repository root, with `/` separators. */
  file: string;
  /** Keys in file order, read from clear text. */
  keys: string[];
  /** age recipients of the file, in file order. */
  recipients: string[];
  /** sops lastmodified (RFC 3339). */
  lastModified: string;
}

export interface Secret {
  name: string;
  scope: Scope;
  values: Record<string, string>;
}
