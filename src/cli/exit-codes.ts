/**
 * The one table of exit statuses (DESIGN "Exit statuses"). Codes are mapped
 * here, at the edge, and nowhere else.
 */
import type { ErrorCode } from "../errors.js";
import { signalStatus } from "../sys/exit-status.js";

/** sops's own numbers (spec §9; sops cmd/sops/codes/codes.go), for the sops-compatible commands. */
const SOPS_STATUS: Partial<Record<ErrorCode, number>> = {
  FILE_NOT_FOUND: 100,
  FILE_READ_FAILED: 2,
  FILE_WRITE_FAILED: 3,
  EMPTY_FILE: 92,
  PARSE_ERROR: 1,
  CONFLICTING_OPTIONS: 8,
  NOT_ENCRYPTED: 1,
  ALREADY_ENCRYPTED: 203,
  METADATA_INVALID: 1,
  SELECTION_REFUSED: 1,
  VALUE_DECRYPT_FAILED: 25,
  VALUE_FORMAT_INVALID: 25,
  MAC_MISMATCH: 51,
  EXTRACT_PATH_INVALID: 91,
  SET_PATH_INVALID: 7,
  FILE_UNCHANGED: 200,
  // hush's own (sops has no such check): a plain failure, as sops's other errors.
  FILE_CHANGED: 1,
  NO_EDITOR: 201,
  VERSION_COMPARE_FAILED: 202,
  DECRYPTION_ORDER_INVALID: 112,
  INDENT_INVALID: 4,
  NO_IDENTITY: 128,
  NO_MATCHING_IDENTITY: 128,
  UNSUPPORTED_VALUE: 23,
  USAGE: 2,
  // exec-env / exec-file: the convention of `hush run` (sops itself says 1).
  COMMAND_NOT_FOUND: 127,
  COMMAND_NOT_EXECUTABLE: 126,
};

/** hush's own commands: 0 ok, 1 error, 2 usage, 3 a check or validation found problems. */
const HUSH_STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 2,
  VALIDATION_LEVEL_INVALID: 2,
  VALIDATION_FAILED: 3,
  CHECK_FAILED: 3,
  // The codes of `hush check`'s rules: findings, like the CHECK_FAILED that sums them up.
  FILE_MISPLACED: 3,
  FILE_NOT_REGULAR: 3,
  FILE_TOO_LARGE: 3,
  RECIPIENTS_MISMATCH: 3,
  SOPS_YAML_STALE: 3,
  PRIVATE_KEY_LEAKED: 3,
  TOKEN_LEAKED: 3,
  // `secret get` of a shadowing secret under `shadowing: refuse` (run: 125 like any failure before the child).
  SECRET_SHADOWED: 1,
  // `user sync` refuses a .hush.yaml where two users share a recipient (check reports it as a problem: 3).
  RECIPIENT_SHARED: 1,
};

/** `hush run`: the convention of env, timeout and docker run. */
const RUN_STATUS = {
  /** hush itself failed before starting the child. */
  failedBeforeChild: 125,
  notExecutable: 126,
  notFound: 127,
} as const;

export type CommandFamily = "sops" | "hush" | "run";

/** hush's exit status for a failure with `code` in a command of `family`. */
export function exitStatusFor(code: ErrorCode, family: CommandFamily): number {
  if (family === "run") {
    if (code === "COMMAND_NOT_FOUND") return RUN_STATUS.notFound;
    if (code === "COMMAND_NOT_EXECUTABLE") return RUN_STATUS.notExecutable;
    return RUN_STATUS.failedBeforeChild;
  }
  if (family === "sops") return SOPS_STATUS[code] ?? 1;
  return HUSH_STATUS[code] ?? 1;
}

/**
 * hush's exit status when `signal` cut a command short and hush cleaned up
 * (`edit` while the editor ran): 128+N, as if the signal had ended hush.
 * A child's own status (run, exec-env, exec-file) is handed on as the shell
 * reports it (src/sys/exit-status.ts), not chosen here.
 */
export function exitStatusForSignal(signal: NodeJS.Signals): number {
  return signalStatus(signal);
}
