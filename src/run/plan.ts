/**
 * Which secrets a run needs, and which of their keys: only what the stack's
 * `env:` and components, the `--with-secrets` names and the env file refer
 * to is decrypted. Everything is checked against the store's clear-text keys
 * before any private key is touched, so every missing secret or key is
 * reported at once, with its place.
 */
import { HushError, type Problem } from "../errors.js";
import type { Reference } from "../refs/find-refs.js";
import type { Secret, SecretInfo } from "../store/types.js";

/** A reference with where it was written, for messages. */
export interface PlacedUse {
  ref: Reference;
  file: string;
  line?: number;
  col?: number;
}

/** What the run needs from one secret. */
export interface SecretNeed {
  name: string;
  /** Every key (`--with-secrets NAME`), or only the referenced ones. */
  keys: "all" | Set<string>;
  uses: PlacedUse[];
}

/** Collects the needs of the references and the `--with-secrets` names, in first-use order. */
export function planNeeds(uses: readonly PlacedUse[], wholeSecrets: readonly string[]): Map<string, SecretNeed> {
  const needs = new Map<string, SecretNeed>();
  const needOf = (name: string): SecretNeed => {
    let need = needs.get(name);
    if (!need) needs.set(name, (need = { name, keys: new Set(), uses: [] }));
    return need;
  };
  for (const name of wholeSecrets) needOf(name).keys = "all";
  for (const use of uses) {
    const need = needOf(use.ref.name);
    need.uses.push(use);
    if (need.keys !== "all") need.keys.add(use.ref.key);
  }
  return needs;
}

/** Finds a secret as the active user sees it (user scope first, then shared). */
export type SecretLookup = (name: string) => Promise<SecretInfo | undefined>;

/**
 * The store entry of every needed secret, after checking that each secret and
 * referenced key exists (clear-text keys: no decryption).
 * @throws HushError VALIDATION_FAILED with one problem per missing secret or key
 */
export async function locateNeeds(needs: Map<string, SecretNeed>, lookup: SecretLookup, who: string, ownersOf?: (name: string) => Promise<string[]>): Promise<Map<string, SecretInfo>> {
  const found = new Map<string, SecretInfo>();
  const problems: Problem[] = [];
  for (const need of needs.values()) {
    const info = await lookup(need.name);
    if (!info) {
      const where = need.uses[0] ?? { file: "--with-secrets" };
      // As stack validate says it: which users' scopes do hold the name (this user cannot read theirs).
      const owners = ownersOf ? await ownersOf(need.name) : [];
      const hint = owners.length ? `it exists only in the scope of ${owners.join(", ")}` : "see `hush secret list`";
      problems.push({ ...placeOf(where), message: `secret "${need.name}" not found for ${who}`, hint, code: "SECRET_NOT_FOUND" });
      continue;
    }
    found.set(need.name, info);
    for (const use of need.uses) {
      if (!info.keys.includes(use.ref.key)) {
        problems.push({ ...placeOf(use), message: `secret "${need.name}" has no key "${use.ref.key}" (keys: ${info.keys.join(", ")})`, code: "KEY_NOT_FOUND" });
      }
    }
  }
  if (problems.length) {
    throw new HushError("VALIDATION_FAILED", `${problems.length} reference${problems.length === 1 ? "" : "s"} of this run cannot be resolved; nothing was started`, { problems });
  }
  return found;
}

/**
 * What the child may read (HUSH_RUN_SECRETS_FILE, and so what is masked): every key
 * of a secret named in --with-secrets, only the referenced keys of the others.
 */
export function givenToChild(needs: Map<string, SecretNeed>, decrypted: Map<string, Secret>): Secret[] {
  return [...needs.values()].flatMap((need) => {
    const secret = decrypted.get(need.name);
    if (!secret) return [];
    const keys = need.keys;
    if (keys === "all") return [secret];
    return [{ ...secret, values: Object.fromEntries(Object.entries(secret.values).filter(([k]) => keys.has(k))) }];
  });
}

function placeOf(use: { file: string; line?: number; col?: number }): Problem {
  const p: Problem = { file: use.file, message: "" };
  if (use.line !== undefined) p.line = use.line;
  if (use.col !== undefined) p.col = use.col;
  return p;
}
