/**
 * Changes to `.hush.yaml` that keep the user's comments and key order
 * (the `yaml` Document API edits the parsed file in place).
 */
import { parseDocument, stringify, type Document } from "yaml";
import type { UserConfig } from "./hush-config.js";

/** The text of a new `.hush.yaml` with one user (DESIGN's example layout). */
export function initialConfigText(user: string | undefined, entry: UserConfig | undefined): string {
  // Through the yaml library, so a name or email that needs quoting gets it.
  const users = user && entry ? stringify({ users: { [user]: entry } }, { lineWidth: 0 }) : "users: {}\n";
  return [
    "# hush repository settings: users -> age recipients, scopes, defaults.",
    "# .sops.yaml is generated from this file by hush: edit this one, then run `hush user sync`.",
    "version: 1",
    "secrets_dir: secrets",
    "stacks_dir: stacks",
    "default_scope: user",
    "default_stack: default",
    users.trimEnd(),
    "shared:",
    '  readers: ["*"]',
    "escrow: []",
    "",
  ].join("\n");
}

/** `.hush.yaml` text with `name` added under `users`. */
export function withUserAdded(text: string, name: string, entry: UserConfig): string {
  const doc = parseDocument(text);
  const node = doc.createNode(entry.email === undefined ? { recipients: entry.recipients } : entry);
  if (!doc.has("users") || doc.get("users") === null) doc.set("users", doc.createNode({}));
  doc.setIn(["users", name], node);
  return render(doc);
}

/** `.hush.yaml` text with user `name`'s recipients replaced (comments, email and order kept). */
export function withUserRecipients(text: string, name: string, recipients: string[]): string {
  const doc = parseDocument(text);
  const node = doc.createNode(recipients);
  // A one-line `{ recipients: [...] }` entry stays one line.
  const old = doc.getIn(["users", name, "recipients"], true) as { flow?: boolean } | undefined;
  if (old && typeof old === "object" && "flow" in old) (node as { flow?: boolean }).flow = old.flow ?? false;
  doc.setIn(["users", name, "recipients"], node);
  return render(doc);
}

/** `.hush.yaml` text without user `name`, also dropped from an explicit `shared.readers` list. */
export function withUserRemoved(text: string, name: string): string {
  const doc = parseDocument(text);
  doc.deleteIn(["users", name]);
  removeReader(doc, name);
  return render(doc);
}

// lineWidth 0: never fold a long line (a one-line `{ recipients: [age1...] }` stays one line).
function render(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}

function removeReader(doc: Document, name: string): void {
  const readers = doc.getIn(["shared", "readers"]) as { toJSON(): unknown } | undefined;
  if (!readers || typeof readers.toJSON !== "function") return;
  const list = readers.toJSON();
  if (!Array.isArray(list)) return;
  const index = list.indexOf(name);
  if (index >= 0) doc.deleteIn(["shared", "readers", index]);
}
