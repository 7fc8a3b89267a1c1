/**
 * `hush edit FILE`: the plaintext goes to a 0600 file in a private (0700)
 * temp dir, the editor runs on it, the result is re-encrypted with the same
 * data key and IVs (spec §2.5) and replaces the file atomically — unless the
 * file changed while the editor was open: then the edit is merged onto it when
 * the two touched different keys, else kept aside, not saved (edit-save.ts).
 *
 * The temp dir is removed on every way out: normal exit, editor failure, a
 * parse error, and SIGINT/SIGTERM/SIGHUP to hush while the editor runs
 * (forwarded to the editor; SIGINT only when stdin is not a terminal, since
 * on a terminal the editor gets it itself and decides).
 * A parse error in the edited text is reported with its line and nothing is
 * kept (sops re-opens the editor instead): the file stays as it was.
 *
 * The editor's text, the example of a new file and the saved file are laid
 * out per the `.sops.yaml` `stores:` section (and `--indent`, not for the
 * example), as sops does. A re-encrypted file gets sops.version 3.13.2 when its
 * own is older (sops-version.ts). `showMasterKeys`: see edit-metadata.ts.
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { HushError } from "../errors.js";
import { privateTempDir } from "../sys/private-temp.js";
import { getFormat, type EmitOptions, type FormatName, type WireMap } from "../formats/index.js";
import type { Opened } from "../sopsfile/index.js";
import type { Document } from "../sops/tree.js";
import { emitOptionsFor } from "../config/stores-config.js";
import { parseDecryptionOrder, type DecryptionOrderOptions } from "./decryption-order.js";
import type { EncryptSettings, ResolvedEncryption } from "./encrypt-config.js";
import { editorCommand } from "./editor-command.js";
import { exampleDocument } from "./example-document.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { loadedIdentities, type IdentityOptions } from "./file-identities.js";
import type { IdentitySet } from "../keys/identities.js";
import type { MergeInput, MergeOutcome } from "./edit-merge.js";
import { absolutePath, fileExists, readInput, type FileContext } from "./io.js";
import { openForChange, sealChanged } from "./reencrypt.js";
import { layoutFor, type LayoutOptions } from "./store-settings.js";
import type { SelectionTrustOptions } from "./selection-guard.js";

export interface EditFileOptions extends Pick<TypeOptions, "inputType">, EncryptSettings, IdentityOptions, DecryptionOrderOptions, Omit<LayoutOptions, "configFile">, Pick<SelectionTrustOptions, "trustFileSelection">, FileContext {
  file: string;
  ignoreMac?: boolean;
  /** `--show-master-keys`: the editor also shows the file's sops section (read-only: a change to it is refused). */
  showMasterKeys?: boolean;
  /** A rule the edited document must keep (a store secret: a flat map of strings); it throws to refuse the save, nothing written. */
  validate?: (document: Document, file: string) => void;
}

export type EditResult =
  | { status: "written"; created: boolean }
  /** The editor left the text as it was: nothing written (sops exit 200). */
  | { status: "unchanged" }
  /** hush got `signal` while the editor ran: nothing written. */
  | { status: "interrupted"; signal: NodeJS.Signals };

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** @throws HushError as decryptFile, SELECTION_REFUSED (an existing file's selection is not its creation rule's), FILE_CHANGED (kept aside, see edit-save.ts), LOCK_TIMEOUT, NO_EDITOR, EDITOR_FAILED, PARSE_ERROR (with line), EMPTY_FILE, NO_RECIPIENTS, CONFIG_*, FILE_WRITE_FAILED, DECRYPTION_ORDER_INVALID, INDENT_INVALID, METADATA_INVALID and METADATA_EDITED (showMasterKeys), VERSION_COMPARE_FAILED */
export async function editSopsFile(options: EditFileOptions): Promise<EditResult> {
  const { file } = options;
  const { input: format } = formatsOf(file, options);
  const env = options.env ?? process.env;
  // Checked for a new file too, as sops does.
  parseDecryptionOrder(options, env);
  const exists = fileExists(file, options);
  let opened: Opened | undefined;
  let shown: WireMap | undefined;
  let plaintext: Uint8Array;
  let emit: EmitOptions;
  let settings: ResolvedEncryption | undefined;
  let editor: string[];
  // What the editor's text comes from: the save refuses to overwrite anything else (edit-save.ts).
  let before: Uint8Array | undefined;
  let identities: IdentitySet | undefined;
  if (exists) {
    emit = await layoutFor(format, file, options);
    before = readInput(file, options);
    // Loaded once: a merge at save time (edit-merge.ts) opens the file again with them.
    identities = await loadedIdentities(options, options);
    opened = await openForChange(before, format, file, { ...options, identities });
    if (options.showMasterKeys) shown = (await import("./edit-metadata.js")).shownMetadata(opened.metadata);
    plaintext = (await getFormat(format)).emit(format === "yaml" ? opened.document : opened.document.slice(0, 1), shown, emit);
    editor = editorCommand(env);
  } else {
    editor = editorCommand(env);
    // Settle recipients of a new file before the user types anything.
    settings = await (await import("./encrypt-config.js")).resolveEncryption(absolutePath(file, options), options, options);
    const stores = options.stores ?? settings.stores;
    emit = emitOptionsFor(format, stores, options.indent);
    plaintext = await exampleDocument(format, emitOptionsFor(format, stores));
    if (options.showMasterKeys) options.onWarning?.(`${file} is new: it has no sops section to show until it is saved`);
  }

  const dir = privateTempDir("edit");
  let edited: Uint8Array;
  try {
    const temp = join(dir, basename(file) || "file");
    writeFileSync(temp, plaintext, { mode: 0o600, flag: "wx" });
    const outcome = await runEditor(editor, temp, env, dir);
    if (outcome.signal) return { status: "interrupted", signal: outcome.signal };
    if (outcome.status !== 0) throw new HushError("EDITOR_FAILED", `the editor (${editor[0]}) exited with status ${outcome.status}; the file was not changed`, { file });
    edited = readFileSync(temp);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (Buffer.from(edited).equals(Buffer.from(plaintext))) return { status: "unchanged" };
  if (options.validate) {
    // A text that does not parse is reported by seal() with its line; one that parses must keep the caller's rule.
    const parsed = await getFormat(format).then((f) => f.parse(edited, file)).catch(() => undefined);
    if (parsed) options.validate(parsed.document, file);
  }
  const { saveEdit } = await import("./edit-save.js");
  // A new file's recipients are settled again at save time (under the membership lock): .sops.yaml may have changed while the editor was open.
  const settingsNow = async (): Promise<ResolvedEncryption | undefined> => (exists ? settings : (await import("./encrypt-config.js")).resolveEncryption(absolutePath(file, options), options, quiet(options)));
  const merge = opened && !shown ? mergeWith({ file, format, emit, shown: plaintext, edited, original: opened, options: { ...options, ...(identities ? { identities } : {}) } }) : undefined;
  await saveEdit({ file, format, before, edited, seal: async () => seal(edited, format, file, { opened, settings: await settingsNow(), shown, emit }), ...(merge ? { merge } : {}) }, options);
  return { status: "written", created: !exists };
}

/** The merge of edit-merge.ts, loaded only when a save finds the file changed. */
function mergeWith(input: Omit<MergeInput, "current">): (current: Uint8Array) => Promise<MergeOutcome> {
  return async (current) => (await import("./edit-merge.js")).mergeEdit({ ...input, current });
}

/** The context without its reporters: what was reported once is not reported again. */
function quiet(ctx: FileContext): FileContext {
  const { onWarning: _w, onVerbose: _v, ...rest } = ctx;
  return rest;
}

interface SealContext {
  /** The file as it was (undefined: a new file, encrypted with `settings`). */
  opened: Opened | undefined;
  settings: ResolvedEncryption | undefined;
  /** The sops section the editor showed (`showMasterKeys`). */
  shown: WireMap | undefined;
  emit: EmitOptions;
}

async function seal(edited: Uint8Array, format: FormatName, file: string, { opened, settings, shown, emit }: SealContext): Promise<Uint8Array> {
  let parsed;
  try {
    parsed = (await getFormat(format)).parse(edited, file);
  } catch (error) {
    if (error instanceof HushError && error.code === "PARSE_ERROR") {
      throw new HushError("PARSE_ERROR", `the edited text is not valid ${format} (${error.message.replace(`${file}: `, "")}); nothing was written`, { file, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.col !== undefined ? { col: error.col } : {}) });
    }
    throw error;
  }
  if (shown) (await import("./edit-metadata.js")).checkShownMetadata(parsed.metadata, shown, file);
  else if (parsed.metadata) throw new HushError("ALREADY_ENCRYPTED", "the edited text holds a sops block; nothing was written", { file });
  if (opened) {
    const [{ versionAfterEdit }, { SOPS_FORMAT_VERSION }] = await Promise.all([import("./sops-version.js"), import("../sopsfile/encrypt.js")]);
    const version = versionAfterEdit(opened.metadata.version, SOPS_FORMAT_VERSION, file);
    return sealChanged(parsed.document, { ...opened, metadata: { ...opened.metadata, version } }, format, file, emit);
  }
  const { encryptDocument } = await import("./encrypt-file.js");
  return encryptDocument(parsed.document, format, settings!, file, emit);
}

/**
 * Runs the editor with the terminal; while it runs, a signal to hush removes
 * the temp dir at once, goes on to the editor, and ends the edit.
 */
function runEditor(editor: string[], temp: string, env: NodeJS.ProcessEnv, dir: string): Promise<{ status: number | null; signal?: NodeJS.Signals }> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = editor;
    const child = spawn(command!, [...args, temp], { stdio: "inherit", env });
    let received: NodeJS.Signals | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const handlers = SIGNALS.map((signal) => {
      const handler = () => {
        // On a terminal the editor got SIGINT itself and decides what it means.
        if (signal === "SIGINT" && process.stdin.isTTY) return;
        received ??= signal;
        rmSync(dir, { recursive: true, force: true });
        child.kill(signal);
        killTimer ??= setTimeout(() => child.kill("SIGKILL"), 3000);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    const done = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      if (killTimer) clearTimeout(killTimer);
    };
    child.on("error", (error) => {
      done();
      const code = (error as NodeJS.ErrnoException).code;
      reject(code === "ENOENT" ? new HushError("NO_EDITOR", `editor ${command} not found`, { hint: "set SOPS_EDITOR or EDITOR", cause: error }) : new HushError("EDITOR_FAILED", `cannot run editor ${command}: ${code ?? "error"}`, { cause: error }));
    });
    child.on("exit", (status, signal) => {
      done();
      if (received) resolve({ status, signal: received });
      else if (signal) resolve({ status: null, signal });
      else resolve({ status });
    });
  });
}
