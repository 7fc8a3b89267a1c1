// The public surface of hush: an export list only.
export { Hush, getSecret, type GetSecretOptions, type OpenOptions } from "./hush.js";
export { HushError, isHushError, type ErrorCode, type Problem } from "./errors.js";
export type { HushConfig, Scope, UserConfig } from "./config/hush-config.js";
export type { Secret, SecretInfo } from "./store/types.js";
export { SecretStore } from "./store/repository.js";
export type { ChangeResult, CreateSecretOptions, UpdateSecretOptions, ListSecretsOptions, ListScope, FoundSecret } from "./store/secret-api.js";
export type { AddUserOptions, UserChange, RemovedUser, SyncedUsers, UserListing } from "./store/user-api.js";
export type { ActiveUser } from "./store/active-user.js";
export type { InitOptions, InitResult } from "./store/init.js";
export { generateKeyFile, type KeygenOptions, type KeygenResult } from "./keys/keygen.js";
export { loadIdentities, identitiesFromFile, type AgeIdentity, type IdentitySet, type LockedSshKey } from "./keys/identities.js";
// sops's own operations on single files (hush encrypt/decrypt/edit/set/unset/updatekeys/rotate/exec-env/exec-file/filestatus).
export { encryptPlainFile, type EncryptFileOptions, type EncryptedFile } from "./sopscmd/encrypt-file.js";
export { decryptSopsFile, type DecryptFileOptions } from "./sopscmd/decrypt-file.js";
export { editSopsFile, type EditFileOptions, type EditResult } from "./sopscmd/edit-file.js";
export { setValue, unsetValue, type SetOptions, type UnsetOptions, type ChangeResult as FileChangeResult } from "./sopscmd/set-unset.js";
export { updateFileKeys, type UpdateKeysOptions, type KeysUpdate } from "./sopscmd/update-keys.js";
export { rotateSopsFile, type RotateFileOptions } from "./sopscmd/rotate-file.js";
export { fileStatus, type FileStatusOptions } from "./sopscmd/file-status.js";
export { execWithEnv, type ExecEnvOptions } from "./sopscmd/exec-env.js";
export { execWithFile, type ExecFileOptions } from "./sopscmd/exec-file.js";
export { parseTreePath, type PathStep } from "./sopscmd/tree-path.js";
export { findSopsConfig, loadSopsConfig, type SopsConfig } from "./config/sops-yaml.js";
export type { CreationRule } from "./config/creation-rules.js";
export type { StoresConfig } from "./config/stores-config.js";
export type { LayoutOptions } from "./sopscmd/store-settings.js";
export type { DecryptionOrderOptions } from "./sopscmd/decryption-order.js";
export type { FileContext } from "./sopscmd/io.js";
