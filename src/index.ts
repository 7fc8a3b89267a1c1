// The public surface of hush: an export list only.
export { Hush, type OpenOptions } from "./hush.js";
export { HushError, isHushError, type ErrorCode, type Problem } from "./errors.js";
export type { HushConfig, Scope, UserConfig } from "./config/hush-config.js";
export type { Secret, SecretInfo } from "./store/types.js";
