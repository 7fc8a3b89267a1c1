/**
 * The one error type of hush. Every failure a user can cause or meet carries a
 * stable `code`; the facts are fields, never parsed out of the message.
 * Messages name files, secrets and keys — never secret values.
 *
 * Exit statuses are not decided here: `src/cli/exit-codes.ts` maps codes to
 * statuses at the edge (sops's own numbers for the sops-compatible commands).
 */

export type ErrorCode =
  // input and files
  | "FILE_NOT_FOUND" // a named file does not exist
  | "FILE_READ_FAILED"
  | "FILE_WRITE_FAILED"
  | "FILE_TRACKED" // plaintext would be written into a file git tracks
  | "EMPTY_FILE" // nothing to encrypt (sops exit 92)
  | "PARSE_ERROR" // malformed YAML / JSON / dotenv / INI
  | "UNSUPPORTED_VALUE" // a non-string key, an integer beyond int64, ...
  | "CONFLICTING_OPTIONS" // e.g. two selection rules, --in-place with --output (sops exit 8)
  | "USAGE" // a bad flag or argument
  | "DECLINED" // the user answered no to a confirmation prompt
  // the sops format
  | "NOT_ENCRYPTED" // no sops metadata (sops: "sops metadata not found")
  | "ALREADY_ENCRYPTED" // sops exit 203
  | "METADATA_INVALID" // broken sops block: bad lastmodified, version, unflattening ...
  | "SELECTION_REFUSED" // the file's selection (encrypted_regex, ..., mac_only_encrypted) is not its policy's (selection-policy.ts)
  | "VALUE_DECRYPT_FAILED" // an ENC value fails AES-GCM (tampered, swapped, renamed key) (sops exit 25)
  | "VALUE_FORMAT_INVALID" // a value that should be ENC[...] is not (sops exit 25)
  | "MAC_MISMATCH" // MAC absent, undecryptable or different (sops exit 51)
  | "EXTRACT_PATH_INVALID" // --extract syntax or missing path (sops exit 91)
  | "SET_PATH_INVALID" // set/unset path syntax (sops exit 7)
  | "FILE_UNCHANGED" // edit left the file as it was (sops exit 200)
  | "FILE_CHANGED" // edit: the file changed while the editor was open; the edit was kept aside, not saved
  | "NO_EDITOR" // sops exit 201
  | "EDITOR_FAILED" // the editor exited non-zero or could not start
  | "METADATA_EDITED" // edit --show-master-keys: the sops section was changed; hush applies value edits only
  | "VERSION_COMPARE_FAILED" // edit: the file's sops.version cannot be compared (sops exit 202)
  | "DECRYPTION_ORDER_INVALID" // --decryption-order / SOPS_DECRYPTION_ORDER names a key type twice (sops exit 112)
  | "INDENT_INVALID" // a stores indent or --indent sops cannot write with (sops exit 4, "cannot emit tree")
  // age
  | "NO_IDENTITY" // no age identity found at all
  | "NO_MATCHING_IDENTITY" // identities found, none opens the data key (sops exit 128)
  | "IDENTITY_INVALID" // a key file with a bad line
  | "RECIPIENT_INVALID" // a string that is not an age recipient
  | "NO_RECIPIENTS" // nothing to encrypt to
  | "FOREIGN_KEYS" // a new data key would drop pgp/kms/... entries hush cannot wrap for
  | "KEY_COMMAND_FAILED" // SOPS_AGE_KEY_CMD failed
  | "CONFIG_NO_MATCHING_RULE" // .sops.yaml has rules, none matches
  // hush repository
  | "CONFIG_NOT_FOUND" // no .hush.yaml upward
  | "CONFIG_INVALID" // .hush.yaml or a stack file fails its schema
  | "CONFIG_EXISTS" // hush init where .hush.yaml already is
  | "CONFIG_CONFLICT" // hush init: a team rule in .sops.yaml already matches hush's paths
  | "NAME_INVALID" // a secret or user name outside ^[A-Za-z0-9][A-Za-z0-9_-]*$
  | "SYMLINK_REFUSED"
  | "SECRET_NOT_FOUND"
  | "SECRET_EXISTS"
  | "SECRET_SHADOWED" // a user-scope secret hides a shared one and .hush.yaml says `shadowing: refuse`
  | "KEY_NOT_FOUND"
  | "USER_NOT_FOUND"
  | "USER_EXISTS"
  | "RECIPIENT_SHARED" // two users of .hush.yaml list the same recipient (each would read the other's user scope)
  | "NO_ACTIVE_USER"
  | "LOCK_TIMEOUT"
  | "STACK_NOT_FOUND"
  | "REFERENCE_INVALID" // {{...}} syntax
  | "VALIDATION_LEVEL_INVALID"
  | "VALIDATION_FAILED" // references or checks found problems (exit 3)
  | "CHECK_FAILED" // `hush check` found problems (exit 3); each problem has its rule's code:
  | "FILE_MISPLACED" // check: a file under the secrets directory that is not a store file (nor a sops file a creation rule covers)
  | "FILE_NOT_REGULAR" // check: a secret or stack file that is a FIFO, a device, ... (never read)
  | "FILE_TOO_LARGE" // check: a secret or stack file far larger than any hush writes (never parsed)
  | "RECIPIENTS_MISMATCH" // check: a secret file's age recipients are not what .hush.yaml says for its scope
  | "SOPS_YAML_STALE" // check: hush's creation rules in .sops.yaml are out of date with .hush.yaml
  | "PRIVATE_KEY_LEAKED" // check: an age identity or a PEM/OpenSSH/PGP private key in a file being committed
  | "TOKEN_LEAKED" // check: what secretlint takes for a credential (API token, password URL...) in a file being committed
  // git
  | "GIT_FAILED"
  | "NOT_A_GIT_REPO"
  | "HOOK_EXISTS"
  | "MERGE_CONFLICT"
  // run
  | "COMMAND_NOT_FOUND" // exit 127
  | "COMMAND_NOT_EXECUTABLE" // exit 126
  | "ENV_CLASH"
  | "ENV_NAME_REFUSED" // a name made from a secret's key would set LD_PRELOAD, NODE_OPTIONS... (exit 125)
  // exec-env / exec-file
  | "ENV_UNSUPPORTED" // exec-env: a top-level key or value no environment variable can hold (sops exit 1)
  | "FIFO_FAILED" // exec-file: the named pipe could not be made (no mkfifo)
  // export
  | "K8S_INVALID"
  // anything else is a bug
  | "INTERNAL";

/** A problem found by a validator: validators collect these, they do not throw one by one. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  message: string;
  /** What to do next, when there is something to say. */
  hint?: string;
  code?: ErrorCode;
}

export interface HushErrorFacts {
  file?: string;
  line?: number;
  col?: number;
  /** What the user can do next. */
  hint?: string;
  /** Every problem, when the error sums up a validation. */
  problems?: Problem[];
  cause?: unknown;
}

export class HushError extends Error {
  override readonly name = "HushError";
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly col: number | undefined;
  readonly hint: string | undefined;
  readonly problems: Problem[] | undefined;

  constructor(code: ErrorCode, message: string, facts: HushErrorFacts = {}) {
    super(message, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.code = code;
    this.file = facts.file;
    this.line = facts.line;
    this.col = facts.col;
    this.hint = facts.hint;
    this.problems = facts.problems;
  }
}

export function isHushError(e: unknown, code?: ErrorCode): e is HushError {
  return e instanceof HushError && (code === undefined || e.code === code);
}

/** `file:line:col: message. hint` — the one-line form every CLI message uses. */
/**
 * The error a report with problems fails with: "<summary>: N problems in M
 * files<tail>", carrying every problem (the CLI prints one line each).
 */
export function problemsError(code: ErrorCode, summary: string, problems: Problem[], tail = ""): HushError {
  const files = new Set(problems.map((p) => p.file)).size;
  const counted = `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}`;
  return new HushError(code, `${summary}: ${counted}${tail}`, { problems });
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.col : undefined].filter((x) => x !== undefined).join(":");
  const text = p.hint ? `${p.message}. ${p.hint}` : p.message;
  return where ? `${where}: ${text}` : text;
}
