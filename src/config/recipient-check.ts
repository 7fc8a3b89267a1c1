/**
 * Rule 2 of the pre-commit check: a secret file's age recipients must be
 * exactly what .hush.yaml says for its scope (readers' recipients + escrow).
 * A removed user who can still read, or a reader who cannot, is named.
 */
import type { HushConfig, Scope } from "./hush-config.js";
import type { Problem } from "../errors.js";
import { RecipientSet } from "../age/recipient-key.js";
import { expectedRecipients, recipientOwners } from "./recipients.js";

/** Where a file sits in the store layout: `<secrets>/shared/<name>.yaml` or `<secrets>/users/<user>/<name>.yaml`. */
export interface SecretPlace {
  name: string;
  scope: Scope;
  user?: string;
}

/** The scope (and owner) a path under the secrets dir belongs to, or undefined for a file outside the layout. */
export function placeOf(config: HushConfig, file: string): SecretPlace | undefined {
  const base = config.secretsDir.replace(/\\/g, "/").replace(/\/+$/, "");
  if (!file.startsWith(`${base}/`)) return undefined;
  const parts = file.slice(base.length + 1).split("/");
  const name = (parts.at(-1) ?? "").replace(/\.yaml$/, "");
  if (!parts.at(-1)?.endsWith(".yaml")) return undefined;
  if (parts.length === 2 && parts[0] === "shared") return { name, scope: "shared" };
  if (parts.length === 3 && parts[0] === "users" && parts[1]) return { name, scope: "user", user: parts[1] };
  return undefined;
}

/** Problems when `recipients` differ from the expected set for `place`. */
export function checkRecipients(config: HushConfig, file: string, place: SecretPlace, recipients: readonly string[], line: number | undefined): Problem[] {
  if (place.scope === "user" && place.user !== undefined && !(place.user in config.users)) {
    return [{ file, line, col: 1, message: `belongs to user "${place.user}", who is not in .hush.yaml`, hint: "delete the file, or add the user back with `hush user add`", code: "USER_NOT_FOUND" }];
  }
  const expected = expectedRecipients(config, place.scope, place.user);
  const have = new RecipientSet(recipients);
  const want = new RecipientSet(expected);
  const missing = expected.filter((r) => !have.has(r));
  const extra = [...have].filter((r) => !want.has(r));
  if (!missing.length && !extra.length) return [];
  const owners = recipientOwners(config);
  const escrow = new RecipientSet(config.escrow);
  const who = (r: string): string => {
    const users = owners.get(r);
    return users ? `${users.join("/")} (${short(r)})` : escrow.has(r) ? `escrow (${short(r)})` : `unknown recipient ${short(r)}`;
  };
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.map(who).join(", ")}`);
  if (extra.length) parts.push(`should not be there: ${extra.map(who).join(", ")}`);
  return [{
    file,
    line,
    col: 1,
    message: `recipients differ from .hush.yaml: ${parts.join("; ")}`,
    hint: extra.length ? "run `hush user sync` (a new data key without them; change the values they could read at their source)" : "run `hush user sync` to add the missing readers",
    code: "RECIPIENTS_MISMATCH",
  }];
}

/** Enough of a recipient to tell it apart in a message. */
function short(recipient: string): string {
  return recipient.length > 16 ? `${recipient.slice(0, 12)}…${recipient.slice(-4)}` : recipient;
}
