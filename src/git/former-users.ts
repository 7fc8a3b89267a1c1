/**
 * Whose a recipient was, from every committed version of .hush.yaml: a user
 * removed since (`hush user remove bob`) is no longer in the current file,
 * yet `hush log` should still say "access removed: bob". Read only when the
 * history holds a recipient the current .hush.yaml does not name.
 */
import type { SimpleGit } from "simple-git";
import { RecipientMap } from "../age/recipient-key.js";
import { HUSH_CONFIG_FILE } from "../config/hush-config.js";
import { parseUserYaml } from "../config/yaml-document.js";

/** Recipient -> every user it belonged to in any committed .hush.yaml; empty when git cannot say. */
export async function formerOwners(git: SimpleGit): Promise<Map<string, string[]>> {
  const owners = new RecipientMap<string[]>();
  let commits: string[];
  try {
    commits = (await git.raw(["log", "--format=%H", "--no-renames", "--", HUSH_CONFIG_FILE])).split("\n").filter(Boolean);
  } catch {
    return owners;
  }
  const texts = await Promise.all(commits.map((c) => git.show([`${c}:./${HUSH_CONFIG_FILE}`]).catch(() => "")));
  for (const text of texts) {
    for (const [user, recipients] of usersOf(text)) {
      for (const r of recipients) {
        const list = owners.get(r) ?? [];
        if (!list.includes(user)) owners.set(r, [...list, user]);
      }
    }
  }
  return owners;
}

/** users -> recipients of one .hush.yaml text; nothing for a version that does not parse (it was never valid then). */
function usersOf(text: string): Array<[string, string[]]> {
  let doc: unknown;
  try {
    // Never printed: an old version's YAML warnings are not the user's to fix now.
    const parsed = parseUserYaml(text);
    doc = parsed.errors.length ? null : parsed.toJS();
  } catch {
    return [];
  }
  const users = (doc as { users?: unknown } | null)?.users;
  if (!users || typeof users !== "object") return [];
  return Object.entries(users as Record<string, { recipients?: unknown } | null>).map(([name, u]) => [
    name,
    Array.isArray(u?.recipients) ? u.recipients.filter((r): r is string => typeof r === "string") : [],
  ]);
}
