// The public surface of hush: an export list only.
export { Hush, type OpenOptions } from "./hush.js";
export { HushError, isHushError, type ErrorCode, type Problem } from "./errors.js";
export type { HushConfig, Scope, UserConfig } from "./config/hush-config.js";
export type { Secret, SecretInfo } from "./store/types.js";
export { SecretStore } from "./store/repository.js";
export type { ChangeResult, CreateSecretOptions, UpdateSecretOptions, ListSecretsOptions, ListScope, FoundSecret } from "./store/secret-api.js";
export type { AddUserOptions, UserChange, RemovedUser, UserListing } from "./store/user-api.js";
export type { ActiveUser } from "./store/active-user.js";
export type { InitOptions, InitResult } from "./store/init.js";
