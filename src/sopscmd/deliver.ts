/**
 * sops's `-i` / `--output` for the commands that produce a whole file
 * (encrypt, decrypt, rotate): the result replaces the input file, goes to
 * another file, or back to the caller (who prints it). A file is replaced
 * atomically (temp + rename), keeping the mode of a file that exists, and only
 * once the whole result exists: a failure leaves it as it was.
 */
import { HushError } from "../errors.js";
import type { IdentitySet } from "../keys/identity-set.js";
import type { FileContext } from "./io.js";

/** Where a command's result goes; neither: back to the caller. */
export interface OutputTarget {
  /** Write the result over the input file (`-i`). */
  inPlace?: boolean;
  /** Write the result to this file (`--output`), relative to `cwd`. */
  output?: string;
}

/** A command's result, and the file it was written to (absent when it goes back to the caller). */
export type Delivered<R> = R & { written?: string };

/** How a command's result is written. */
export interface DeliveryRules {
  /** The mode of a new file (an existing one keeps its own): 0600 for plaintext. */
  newMode: number;
  /** The command takes recipients from .sops.yaml: write under the membership lock of the hush repository the target is in (store/lock.ts). */
  membership?: boolean;
  /** The command decrypts: with `inPlace`, load the identities before the file's lock (a key command may prompt, and a lock must not wait on a person). */
  decrypts?: boolean;
}

/**
 * `-i` with `--output` is sops's exit 8; `-i` needs a real file. Checked before
 * anything is read (stdin included).
 * @throws HushError CONFLICTING_OPTIONS, USAGE
 */
export function checkOutputTarget(file: string, target: OutputTarget): void {
  if (target.inPlace && target.output !== undefined) throw new HushError("CONFLICTING_OPTIONS", "--in-place and --output cannot be used together");
  if (target.inPlace && file === "-") throw new HushError("USAGE", "--in-place needs a file, not stdin");
}

/**
 * Runs `produce` and delivers its bytes per `options` (`inPlace`, `output`):
 * in place, from reading the input to the rename under the input's lock
 * (sopscmd/file-lock.ts), as set, unset and edit do.
 * @throws HushError CONFLICTING_OPTIONS, USAGE, LOCK_TIMEOUT, FILE_WRITE_FAILED, and what `produce` throws
 */
export async function deliver<O extends OutputTarget & FileContext & { file: string; identities?: IdentitySet }, R extends { bytes: Uint8Array }>(
  options: O,
  rules: DeliveryRules,
  produce: (options: O) => Promise<R>,
): Promise<Delivered<R>> {
  const { file } = options;
  checkOutputTarget(file, options);
  const target = options.inPlace ? file : options.output;
  if (target === undefined) return produce(options);
  const { withFileLock, withMembershipLockOf } = await import("./file-lock.js");
  const { absolutePath, writeOutput } = await import("./io.js");
  let ready = options;
  if (options.inPlace && rules.decrypts && !options.identities) {
    const { loadedIdentities } = await import("./file-identities.js");
    ready = { ...options, identities: await loadedIdentities({}, options) };
  }
  const work = async (): Promise<Delivered<R>> => {
    const result = await produce(ready);
    await writeOutput(target, result.bytes, options, rules.newMode);
    return { ...result, written: absolutePath(target, options) };
  };
  const locked = options.inPlace ? () => withFileLock(file, options, work) : work;
  return rules.membership ? withMembershipLockOf(target, options, locked) : locked();
}
