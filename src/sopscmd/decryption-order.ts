/**
 * `--decryption-order` / `SOPS_DECRYPTION_ORDER` (sops 3.9+): the order in
 * which the key types of a key group are tried.
 *
 * As sops (cmd/sops/main.go `decryptionOrder`, sops.go
 * `sortKeyGroupIndices`): the value is split on `,` with nothing trimmed;
 * empty or absent means `age,pgp`; a type named twice is the only error
 * ("Duplicate decryption key type", exit 112). Names sops does not know are
 * accepted (they match no key), and types the list leaves out are still
 * tried, after the listed ones, in file order. So the order never stops a
 * key type from being tried.
 *
 * hush opens age keys only: whatever the order, a file's age entries are
 * tried (in file order) and its other key types (pgp, kms, ...) are skipped.
 * The order is checked and reported (`--verbose`), so scripts written for
 * sops keep working.
 */
import { HushError } from "../errors.js";
import type { Metadata } from "../sops/metadata.js";
import type { FileContext } from "./io.js";

/** sops's `DefaultDecryptionOrder`. */
export const DEFAULT_DECRYPTION_ORDER: readonly string[] = ["age", "pgp"];

/** What a command was given: the flag's value, else SOPS_DECRYPTION_ORDER of `env`. */
export interface DecryptionOrderOptions {
  /** `--decryption-order`; an empty string means the default, as in sops. */
  decryptionOrder?: string;
}

/**
 * The key types in the order to try them.
 * @throws HushError DECRYPTION_ORDER_INVALID when a type is named twice (sops exit 112)
 */
export function parseDecryptionOrder(options: DecryptionOrderOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromFlag = options.decryptionOrder !== undefined;
  const text = fromFlag ? options.decryptionOrder! : (env.SOPS_DECRYPTION_ORDER ?? "");
  if (text === "") return [...DEFAULT_DECRYPTION_ORDER];
  const order = text.split(",");
  const seen = new Set<string>();
  for (const type of order) {
    if (seen.has(type)) {
      throw new HushError("DECRYPTION_ORDER_INVALID", `duplicate decryption key type ${JSON.stringify(type)} in ${fromFlag ? "--decryption-order" : "SOPS_DECRYPTION_ORDER"}`, {
        hint: "name each key type once, e.g. age,pgp",
      });
    }
    seen.add(type);
  }
  return order;
}

/** The key types a file holds besides age (hush skips them). */
export function otherKeyTypes(metadata: Metadata): string[] {
  const types = new Set<string>();
  for (const group of metadata.keyGroups) for (const [type, entries] of Object.entries(group.others)) if (Array.isArray(entries) && entries.length > 0) types.add(type);
  return [...types].sort();
}

/** `--verbose`: the order, and what hush does with it for this file. */
export function reportDecryptionOrder(order: readonly string[], metadata: Metadata, ctx: FileContext): void {
  if (!ctx.onVerbose) return;
  const skipped = otherKeyTypes(metadata);
  ctx.onVerbose(`decryption order: ${order.join(",")} (hush opens age keys only${skipped.length ? `; skipping this file's ${skipped.join(", ")} entries` : ""})`);
}
