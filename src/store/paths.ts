/**
 * Secret names, user names and where their files live:
 * `secrets/shared/<name>.yaml` and `secrets/users/<user>/<name>.yaml`.
 */
import { join } from "node:path";
import { HushError } from "../errors.js";
import type { HushConfig, Scope } from "../config/hush-config.js";

/** One rule for secret and user names: no separators, no dots, no leading dash. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const SECRET_SUFFIX = ".yaml";

/**
 * Refuses a name before any file is touched.
 * @throws HushError NAME_INVALID
 */
export function validateName(kind: "secret" | "user", name: string): void {
  if (NAME_PATTERN.test(name)) return;
  const shown = name === "" ? "an empty name" : JSON.stringify(name);
  throw new HushError("NAME_INVALID", `invalid ${kind} name: ${shown}`, {
    hint: "use letters, digits, '-' and '_', starting with a letter or digit (no '/', '.', or leading '-')",
  });
}

/** Secret files' directory of a scope, relative to the root, with `/` separators. */
export function relativeScopeDir(config: HushConfig, scope: Scope, user?: string): string {
  const base = config.secretsDir.replace(/\\/g, "/").replace(/\/+$/, "");
  if (scope === "shared") return `${base}/shared`;
  if (user === undefined) throw new HushError("INTERNAL", "a user-scoped path needs a user");
  validateName("user", user);
  return `${base}/users/${user}`;
}

/** Path of a secret's file relative to the root, `/` separators. @throws HushError NAME_INVALID */
export function relativeSecretPath(config: HushConfig, scope: Scope, name: string, user?: string): string {
  validateName("secret", name);
  return `${relativeScopeDir(config, scope, user)}/${name}${SECRET_SUFFIX}`;
}

/** Absolute path of a secret's file. @throws HushError NAME_INVALID */
export function secretPath(config: HushConfig, scope: Scope, name: string, user?: string): string {
  return join(config.root, relativeSecretPath(config, scope, name, user));
}

/** Absolute path of the directory holding `secrets/users/<user>/`. */
export function usersDir(config: HushConfig): string {
  return join(config.root, config.secretsDir, "users");
}

/** Absolute path of `secrets/shared/`. */
export function sharedDir(config: HushConfig): string {
  return join(config.root, config.secretsDir, "shared");
}
