/**
 * The forms of `--with-secrets a,b,...` (what doppler, op and `sops exec-env`
 * users expect, without an env file):
 *
 * | item          | exports                                        |
 * |---------------|------------------------------------------------|
 * | `aws`         | every key as `AWS_KEY` (upper snake case)      |
 * | `aws.*`       | every key under its own name, `ACCESS_KEY_ID`  |
 * | `DB_URL=db.url` | that one key, under the name written         |
 *
 * Names made from keys (the first two) are screened for startup variables
 * (LD_PRELOAD...); a name the user wrote (the third) is theirs.
 */
import { HushError } from "../errors.js";

export type WithSecretsItem =
  | { kind: "prefixed"; name: string }
  | { kind: "unprefixed"; name: string }
  | { kind: "single"; variable: string; name: string; key: string };

const SECRET = "[A-Za-z0-9][A-Za-z0-9_-]*";
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads each item of the list. @throws HushError USAGE naming the item and the three forms */
export function parseWithSecrets(items: readonly string[]): WithSecretsItem[] {
  return items.map((item) => {
    if (new RegExp(`^${SECRET}$`).test(item)) return { kind: "prefixed", name: item };
    const star = new RegExp(`^(${SECRET})\\.\\*$`).exec(item);
    if (star) return { kind: "unprefixed", name: star[1]! };
    const single = new RegExp(`^([^=]+)=(${SECRET})\\.(.+)$`).exec(item);
    if (single && VARIABLE.test(single[1]!)) return { kind: "single", variable: single[1]!, name: single[2]!, key: single[3]! };
    throw new HushError(
      "USAGE",
      `--with-secrets: "${item}" is none of NAME (every key as NAME_KEY), NAME.* (every key under its own name) or VAR=NAME.KEY (one key as VAR)`,
      {
        hint: "e.g. --with-secrets db,aws.*,DATABASE_URL=db.url",
      },
    );
  });
}

/** The secrets whose every key is exported. */
export function wholeSecretNames(items: readonly WithSecretsItem[]): string[] {
  return items.flatMap((i) => (i.kind === "single" ? [] : [i.name]));
}
