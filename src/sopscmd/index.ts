/**
 * sops's single-file commands as the library offers them: what `hush encrypt /
 * decrypt / edit / set / unset / updatekeys / rotate / exec-env / exec-file /
 * filestatus` run, output writing (`-i`, `--output`) and locks included. Each
 * loads its module on first call, so importing this namespace costs nothing
 * (the CLI's start-up: hush.ts re-exports it as `sops`).
 */
import type { DecryptFileOptions } from "./decrypt-file.js";
import { deliver, type Delivered, type OutputTarget } from "./deliver.js";
import type { EditFileOptions, EditResult } from "./edit-file.js";
import type { EncryptFileOptions, EncryptedFile } from "./encrypt-file.js";
import type { ExecEnvOptions } from "./exec-env.js";
import type { ExecFileOptions } from "./exec-file.js";
import type { FileStatusOptions } from "./file-status.js";
import type { RotateFileOptions } from "./rotate-file.js";
import type { ChangeResult, SetOptions, UnsetOptions } from "./set-unset.js";
import type { KeysUpdate, UpdateKeysOptions } from "./update-keys.js";

export { checkOutputTarget, type Delivered, type OutputTarget } from "./deliver.js";

/**
 * `hush encrypt`: a plaintext file (or stdin) as a new sops file, written over
 * it (`inPlace`), to `output` (0644 when new), or returned; a target in a hush
 * repository is written under its membership lock (recipients come from .sops.yaml).
 * @throws HushError as encryptPlainFile, CONFLICTING_OPTIONS, LOCK_TIMEOUT, FILE_WRITE_FAILED
 */
export async function encrypt(options: EncryptFileOptions & OutputTarget): Promise<Delivered<EncryptedFile>> {
  const { encryptPlainFile } = await import("./encrypt-file.js");
  return deliver(options, { newMode: 0o644, membership: true }, encryptPlainFile);
}

/**
 * `hush decrypt`: the plaintext, written over the file (`inPlace`), to `output`
 * (0600 when new), or returned.
 * @throws HushError as decryptSopsFile, CONFLICTING_OPTIONS, LOCK_TIMEOUT, FILE_WRITE_FAILED
 */
export async function decrypt(options: DecryptFileOptions & OutputTarget): Promise<Delivered<{ bytes: Uint8Array }>> {
  const { decryptSopsFile } = await import("./decrypt-file.js");
  return deliver(options, { newMode: 0o600, decrypts: true }, async (o) => ({ bytes: await decryptSopsFile(o) }));
}

/**
 * `hush rotate`: a new data key, every value re-encrypted; written over the
 * file (`inPlace`), to `output` (0644 when new), or returned.
 * @throws HushError as rotateSopsFile, CONFLICTING_OPTIONS, LOCK_TIMEOUT, FILE_WRITE_FAILED
 */
export async function rotate(options: RotateFileOptions & OutputTarget): Promise<Delivered<{ bytes: Uint8Array; recipients: string[] }>> {
  const { rotateSopsFile } = await import("./rotate-file.js");
  return deliver(options, { newMode: 0o644, decrypts: true }, rotateSopsFile);
}

/** `hush edit`: the file in $SOPS_EDITOR / $EDITOR, saved under its lock. @throws HushError as editSopsFile */
export async function edit(options: EditFileOptions): Promise<EditResult> {
  return (await import("./edit-file.js")).editSopsFile(options);
}

/**
 * `hush set`: one value in place (JSON text; with `valueFile`, `value` is the
 * path of a file holding it, as sops's --value-file).
 * @throws HushError as setValue, FILE_NOT_FOUND (the value file)
 */
export async function set(options: SetOptions & { valueFile?: boolean }): Promise<ChangeResult> {
  const { setValue } = await import("./set-unset.js");
  if (!options.valueFile) return setValue(options);
  const { readInput } = await import("./io.js");
  return setValue({ ...options, value: Buffer.from(readInput(options.value, options)).toString("utf8") });
}

/** `hush unset`: one value removed in place. @throws HushError as unsetValue */
export async function unset(options: UnsetOptions): Promise<ChangeResult> {
  return (await import("./set-unset.js")).unsetValue(options);
}

/** `hush updatekeys`: the file's recipients made its creation rule's (values untouched). @throws HushError as updateFileKeys */
export async function updateKeys(options: UpdateKeysOptions): Promise<KeysUpdate> {
  return (await import("./update-keys.js")).updateFileKeys(options);
}

/** `hush exec-env`: a command with the file's top-level values in its environment; its exit status. @throws HushError as execWithEnv */
export async function execEnv(options: ExecEnvOptions): Promise<number> {
  return (await import("./exec-env.js")).execWithEnv(options);
}

/** `hush exec-file`: a command with the plaintext at a temporary path; its exit status. @throws HushError as execWithFile */
export async function execFile(options: ExecFileOptions): Promise<number> {
  return (await import("./exec-file.js")).execWithFile(options);
}

/** `hush filestatus`: whether the file is a sops file. @throws HushError as fileStatus */
export async function fileStatus(options: FileStatusOptions): Promise<{ encrypted: boolean }> {
  return (await import("./file-status.js")).fileStatus(options);
}
