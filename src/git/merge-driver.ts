/**
 * The git merge driver for secret files (`hush git merge-driver %O %A %B %P`):
 * decrypts base, ours and theirs with the local identity, merges key by key,
 * and re-encrypts with ours' data key and the IVs of unchanged values, so the
 * result is a valid sops file (valid MAC) whose diff shows only what merged.
 *
 * A key changed differently on both sides becomes one value holding
 * conflict markers around both plaintexts — encrypted like any value, so no
 * plaintext ever reaches the worktree or git's object store; the user
 * resolves it in `hush edit`, which shows it in a 0600 temp file.
 * Without a usable identity, git's own line merge runs instead (a conflict
 * over ciphertext), and stderr says why.
 */
import { readFileSync } from "node:fs";
import { Branch, Comment, Timestamp, type Document, type Value } from "../sops/tree.js";
import { HushError } from "../errors.js";
import type { Opened } from "../sopsfile/index.js";
import { pushAll } from "../sys/push-all.js";

export interface MergedDocument {
  document: Document;
  /** Keys changed differently on both sides (now holding conflict markers). */
  conflicts: string[];
}

/** A canonical text of a value, so equal plaintexts compare equal whatever their ciphertext. */
export function canonicalValue(v: Value | undefined): string {
  if (v === undefined) return "-";
  if (v === null) return "n";
  if (typeof v === "string") return "s" + JSON.stringify(v);
  if (typeof v === "bigint") return "i" + v.toString();
  if (typeof v === "number") return "f" + String(v);
  if (typeof v === "boolean") return "b" + String(v);
  if (v instanceof Uint8Array) return "x" + Buffer.from(v).toString("hex");
  if (v instanceof Timestamp) return "t" + v.text;
  if (v instanceof Comment) return "c" + JSON.stringify(v.text);
  if (v instanceof Branch) return "{" + v.items.map((i) => (i instanceof Comment ? canonicalValue(i) : JSON.stringify(i.key) + ":" + canonicalValue(i.value))).join(",") + "}";
  return "[" + v.map(canonicalValue).join(",") + "]";
}

/** How a side's value reads between conflict markers. */
function shown(v: Value | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  if (v instanceof Timestamp || v instanceof Comment) return v.text;
  if (typeof v === "object") return canonicalValue(v);
  return String(v);
}

/** The value written for a conflicting key: git's markers around both plaintexts. */
export function conflictValue(ours: Value | undefined, theirs: Value | undefined, labels = { ours: "ours", theirs: "theirs" }): string {
  const side = (label: string, v: Value | undefined): string => (v === undefined ? `${label} (key deleted)` : label);
  const body = (v: Value | undefined): string => (v === undefined || shown(v) === "" ? "" : shown(v) + "\n");
  return `<<<<<<< ${side(labels.ours, ours)}\n${body(ours)}=======\n${body(theirs)}>>>>>>> ${side(labels.theirs, theirs)}`;
}

/**
 * The three-way merge of one branch, key by key: a key changed on one side
 * only takes that side (deleted included); the same change on both sides is
 * taken once; different changes are a conflict. Ours' order, then keys new
 * in theirs in their order; ours' comments kept.
 */
export function mergeBranch(base: Branch, ours: Branch, theirs: Branch, labels?: { ours: string; theirs: string }): { branch: Branch; conflicts: string[] } {
  const keys = [...ours.keys()];
  for (const k of theirs.keys()) if (!ours.has(k)) keys.push(k);
  const picked = new Map<string, Value | undefined>();
  const conflicts: string[] = [];
  for (const key of keys) {
    const b = base.has(key) ? base.get(key) : undefined;
    const o = ours.has(key) ? ours.get(key) : undefined;
    const t = theirs.has(key) ? theirs.get(key) : undefined;
    const [cb, co, ct] = [canonicalValue(b), canonicalValue(o), canonicalValue(t)];
    if (co === ct || ct === cb) picked.set(key, o);
    else if (co === cb) picked.set(key, t);
    else {
      conflicts.push(key);
      picked.set(key, conflictValue(o, t, labels));
    }
  }
  const items: Branch["items"] = [];
  for (const item of ours.items) {
    if (item instanceof Comment) items.push(item);
    else if (picked.has(item.key) && picked.get(item.key) !== undefined) {
      items.push({ key: item.key, value: picked.get(item.key) as Value });
      picked.delete(item.key);
    }
  }
  for (const [key, value] of picked) if (value !== undefined && !ours.has(key)) items.push({ key, value });
  return { branch: new Branch(items), conflicts };
}

/** Merges documents branch by branch (one branch per YAML document; hush files have one). */
export function mergeDocuments(base: Document, ours: Document, theirs: Document, labels?: { ours: string; theirs: string }): MergedDocument {
  const document: Document = [];
  const conflicts: string[] = [];
  const n = Math.max(ours.length, theirs.length);
  for (let i = 0; i < n; i++) {
    const merged = mergeBranch(base[i] ?? new Branch(), ours[i] ?? new Branch(), theirs[i] ?? new Branch(), labels);
    document.push(merged.branch);
    pushAll(conflicts, merged.conflicts);
  }
  return { document, conflicts: [...new Set(conflicts)] };
}

/**
 * Recipients of the result: ours, plus those theirs added, minus those theirs
 * removed (each side's membership change applied once).
 */
export function mergeRecipients(base: readonly string[], ours: readonly string[], theirs: readonly string[]): { recipients: string[]; addedByTheirs: string[]; removedByTheirs: string[] } {
  const b = new Set(base);
  const t = new Set(theirs);
  const addedByTheirs = theirs.filter((r) => !b.has(r) && !ours.includes(r));
  const removedByTheirs = base.filter((r) => !t.has(r) && ours.includes(r));
  const gone = new Set(removedByTheirs);
  return { recipients: [...ours.filter((r) => !gone.has(r)), ...addedByTheirs], addedByTheirs, removedByTheirs };
}

export interface MergeDriverArgs {
  /** %O, %A (result goes here), %B, %P. */
  base: string;
  ours: string;
  theirs: string;
  path: string;
  env: NodeJS.ProcessEnv;
  /** stderr. */
  say: (line: string) => void;
}

/**
 * Runs the driver; returns git's expected status: 0 merged, 1 conflict (the
 * result in `ours` either way).
 * @throws never for a merge problem: those become a conflict with a reason
 */
export async function runMergeDriver(args: MergeDriverArgs): Promise<number> {
  const format = args.path.endsWith(".json") ? "json" : "yaml";
  // The store's door to the codec and to src/age's identities, holding every side to the store policy (selection-policy.ts).
  const { decryptFile, encryptFile, loadIdentities } = await (await import("../sopsfile/codec-port.js")).storeCodec();
  const { ageRecipients } = await import("../sops/metadata.js");
  let opened: { base: Opened | undefined; ours: Opened; theirs: Opened };
  try {
    const identities = await loadIdentities(args.env);
    if (!identities.identities.length) throw new HushError("NO_IDENTITY", "no age identity found (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD or ~/.config/sops/age/keys.txt)");
    const open = (file: string, side: string) =>
      decryptFile(readFileSync(file), { format, identities, file: `${args.path} (${side})` });
    const baseBytes = readFileSync(args.base);
    opened = {
      base: baseBytes.length ? await open(args.base, "base") : undefined,
      ours: await open(args.ours, "ours"),
      theirs: await open(args.theirs, "theirs"),
    };
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    args.say(`hush: ${args.path}: cannot merge per key (${why}); falling back to git's line merge of the ciphertext. Resolve it with \`git checkout --ours/--theirs ${args.path}\` and re-apply the other side with \`hush edit\`.`);
    return fallbackLineMerge(args);
  }

  const merged = mergeDocuments(opened.base?.document ?? [], opened.ours.document, opened.theirs.document);
  const r = mergeRecipients(
    opened.base ? ageRecipients(opened.base.metadata) : ageRecipients(opened.ours.metadata),
    ageRecipients(opened.ours.metadata),
    ageRecipients(opened.theirs.metadata),
  );
  // Recipients are outside the MAC: either side's may be forged. Keep only those the merged policy lists.
  const kept = await policyRecipients(args, r.recipients, ageRecipients(opened.ours.metadata));
  if (!kept.recipients.length) {
    args.say(`hush: ${args.path}: no recipient of the merged file is allowed by ${kept.source}; falling back to git's line merge of the ciphertext. Fix the recipients, then re-encrypt with \`hush user sync\` or \`hush updatekeys\`.`);
    return fallbackLineMerge(args);
  }
  let bytes: Uint8Array;
  if (r.removedByTheirs.length || kept.dropped.length) {
    // Theirs removed a reader and so rotated the data key, or a recipient was dropped who may hold
    // ours' data key (a real entry on the other side): ours' key must not survive the merge.
    if (r.removedByTheirs.length) args.say(`hush: ${args.path}: the other side removed recipients ${r.removedByTheirs.join(", ")}; the merged file gets a new data key`);
    bytes = await encryptFile(merged.document, {
      format,
      recipients: kept.recipients,
      selection: opened.ours.metadata.selection,
      macOnlyEncrypted: opened.ours.metadata.macOnlyEncrypted,
      file: args.path,
    });
  } else {
    const added = r.addedByTheirs.filter((x) => kept.recipients.includes(x));
    if (added.length) args.say(`hush: ${args.path}: recipients added on the other side kept: ${added.join(", ")}`);
    // Same data key on both sides (the usual case): theirs' IVs too, so a value taken from theirs keeps theirs' exact ciphertext.
    const sameKey = Buffer.from(opened.ours.dataKey).equals(Buffer.from(opened.theirs.dataKey));
    const ivs = sameKey ? new Map([...opened.theirs.ivs, ...opened.ours.ivs]) : opened.ours.ivs;
    // Recipients as ours: keep ours' key groups byte for byte (no re-wrap, no noise in the diff).
    const oursRecipients = ageRecipients(opened.ours.metadata);
    const unchanged = kept.recipients.length === oursRecipients.length && kept.recipients.every((x, i) => x === oursRecipients[i]);
    bytes = await encryptFile(merged.document, { format, reuse: { ...opened.ours, ivs }, ...(unchanged ? {} : { recipients: kept.recipients }), file: args.path });
  }
  const { writeFileAtomic } = await import("../sys/atomic-write.js");
  await writeFileAtomic(args.ours, bytes, 0o600);
  if (kept.dropped.length) {
    const { shortRecipient } = await import("../age/recipient-key.js");
    const names = kept.dropped.map(shortRecipient).join(", ");
    args.say(`hush: ${args.path}: dropped recipient${kept.dropped.length === 1 ? "" : "s"} ${names}: not in ${kept.source}${kept.why}; the merged file gets a new data key and stays conflicted. Find out who added ${kept.dropped.length === 1 ? "it" : "them"} (\`hush log\`), then \`git add ${args.path}\`.`);
  }
  if (!merged.conflicts.length) return kept.dropped.length ? 1 : 0;
  // git runs a merge driver at the top of the worktree. The record lets `hush check` refuse these exact bytes without a key.
  const { recordConflict, sha256Hex } = await import("./conflict-record.js");
  await recordConflict(process.cwd(), { path: args.path, keys: merged.conflicts, sha256: sha256Hex(bytes) });
  const keys = merged.conflicts.map((k) => `"${k}"`).join(", ");
  args.say(`hush: ${args.path}: key${merged.conflicts.length === 1 ? "" : "s"} ${keys} changed differently on both sides. The file stays encrypted; run \`hush edit ${args.path}\`, keep one value between the <<<<<<< / ======= / >>>>>>> lines of each, save, then \`git add ${args.path}\`.`);
  return 1;
}

/**
 * `merged` without the recipients the merged policy does not list (see
 * merge-policy.ts). Without any policy for the file, only ours' recipients
 * stand: the other side cannot add a reader unreviewed.
 */
async function policyRecipients(args: MergeDriverArgs, merged: readonly string[], ours: readonly string[]): Promise<{ recipients: string[]; dropped: string[]; source: string; why: string }> {
  const { mergePolicy } = await import("./merge-policy.js");
  const { RecipientSet } = await import("../age/recipient-key.js");
  const policy = await mergePolicy(process.cwd(), args.path, args.env);
  const allowed = new RecipientSet(policy ? policy.recipients : ours);
  const source = policy ? `${policy.source} (${policy.what})` : "ours' recipients (no .hush.yaml scope or .sops.yaml creation rule covers this file)";
  return {
    recipients: merged.filter((x) => allowed.has(x)),
    dropped: merged.filter((x) => !allowed.has(x)),
    source,
    why: policy?.oursOnly ? `; ${policy.oursOnly}` : "",
  };
}

/** git's own `merge-file` over the ciphertext: a conflict git reports as usual (never plaintext). */
async function fallbackLineMerge(args: MergeDriverArgs): Promise<number> {
  const { simpleGit } = await import("simple-git");
  try {
    await simpleGit().raw(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs", args.ours, args.base, args.theirs]);
  } catch {
    // merge-file exits with the number of conflicts; the markers are in the file either way.
  }
  // Even a clean line merge of two sops files leaves a MAC over neither side: always a conflict.
  return 1;
}
