/**
 * The Hush facade: the library API the CLI and users call (DESIGN "Library").
 * Each area's methods delegate to their module, imported lazily so that a
 * command loads only what it uses.
 *
 * Sections are owned by areas: store (secrets, users), refs (stacks),
 * check, run, git. Keep each method a thin delegation.
 */
import { SecretStore } from "./store/repository.js";
import { validateName } from "./store/paths.js";
import { validateSecretKey } from "./store/secret-keys.js";
import type { CheckOptionsInput } from "./check/check-api.js";
import type { CheckReport } from "./check/run-check.js";
import type { HushConfig, Scope } from "./config/hush-config.js";
import type { ExportK8sOptions, ExportedManifest } from "./export/k8s-export.js";
import type { HistoryOptions, SecretHistory } from "./git/history.js";
import type { InstalledHook } from "./git/hook.js";
import type { MergeDriverArgs } from "./git/merge-driver.js";
import type { GitSetupOptions, GitSetupResult } from "./git/setup.js";
import type { IdentitySet } from "./keys/identities.js";
import type { InjectOptions, Injected } from "./refs/inject.js";
import type { RegisterOptions, Registered, ValueReader } from "./refs/register.js";
import type { ResolvedStack, StackValidation, ValidateStacksOptions } from "./refs/stack-api.js";
import type { RunOptions } from "./run/launch.js";
import type { EditResult } from "./sopscmd/edit-file.js";
import type { AccessMatrix, UserExposure } from "./store/access-matrix.js";
import type { ActiveUser } from "./store/active-user.js";
import type { InitOptions, InitResult } from "./store/init.js";
import type { ChangeResult, CreateSecretOptions, FoundSecret, ListSecretsOptions, UpdateSecretOptions } from "./store/secret-api.js";
import type { ImportResult, ImportSecretOptions } from "./store/secret-import.js";
import type { RenameSecretOptions, RenamedSecret } from "./store/secret-rename.js";
import type { Shadow } from "./store/shadowing.js";
import type { Secret, SecretInfo } from "./store/types.js";
import type { AddUserOptions, RemovedUser, SyncedUsers, UserChange, UserListing } from "./store/user-api.js";

/** sops's single-file commands (encrypt, decrypt, edit, set, ...): no repository needed; each loads its module on first call. */
export * as sops from "./sopscmd/index.js";

export interface OpenOptions {
  /** Where to look for .hush.yaml (upward). Default: process.cwd(). */
  cwd?: string;
  /** Active-user override (the CLI's --as; HUSH_USER otherwise). */
  as?: string;
  /** Environment to read SOPS_AGE_*, HUSH_* from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export class Hush {
  private constructor(
    readonly config: HushConfig,
    readonly options: Required<Pick<OpenOptions, "env">> & OpenOptions,
  ) {}

  /**
   * Finds .hush.yaml from `cwd` upward; an `as` (or HUSH_USER) naming no user of it is refused here, for every command alike.
   * @throws HushError CONFIG_NOT_FOUND, CONFIG_INVALID, USER_NOT_FOUND
   */
  static async open(options: OpenOptions = {}): Promise<Hush> {
    const [{ loadHushConfig }, { explicitUser }] = await Promise.all([import("./config/hush-config.js"), import("./store/active-user.js")]);
    const config = await loadHushConfig(options.cwd ?? process.cwd());
    const env = options.env ?? process.env;
    explicitUser(config, options.as, env);
    return new Hush(config, { ...options, env });
  }

  get root(): string {
    return this.config.root;
  }

  // ── store: secrets and users ──────────────────────────────────────────
  // Each method delegates to src/store/*-api.ts; `this` is the StoreSession they need.

  private identitiesLoading?: Promise<IdentitySet>;
  private storeInstance?: SecretStore;

  /** The secret repository (list/resolve without keys, read with them). */
  get store(): SecretStore {
    return (this.storeInstance ??= new SecretStore(this.config));
  }

  /** The age identities, found as sops finds them; loaded once. @throws HushError IDENTITY_INVALID, KEY_COMMAND_FAILED */
  identities(): Promise<IdentitySet> {
    this.identitiesLoading ??= import("./sopsfile/codec-port.js").then(async (m) => (await m.codec()).loadIdentities(this.options.env));
    return this.identitiesLoading;
  }

  /** Warnings of the identities loaded so far (a key file readable by others...); [] when none were loaded. */
  async identityWarnings(): Promise<readonly string[]> {
    if (!this.identitiesLoading) return [];
    return this.identitiesLoading.then((set) => set.warnings, () => []);
  }

  /** The active user by every rule: --as/HUSH_USER, a loaded identity, git user.email. @throws HushError USER_NOT_FOUND */
  async activeUser(): Promise<ActiveUser | undefined> {
    const { findActiveUser } = await import("./store/active-user.js");
    const explicit = await this.activeUserWithoutKeys(false);
    if (explicit) return explicit;
    return findActiveUser(this.config, { env: this.options.env, identities: await this.identities(), cwd: this.options.cwd ?? this.root });
  }

  /** The active user by the rules that read no private key (--as, HUSH_USER, git user.email). @throws HushError USER_NOT_FOUND */
  async activeUserWithoutKeys(withEmail = true): Promise<ActiveUser | undefined> {
    const { findActiveUser } = await import("./store/active-user.js");
    const options = { env: this.options.env, cwd: this.options.cwd ?? this.root, ...(this.options.as !== undefined ? { as: this.options.as } : {}) };
    if (!withEmail && options.as === undefined && !options.env.HUSH_USER) return undefined;
    return findActiveUser(this.config, options);
  }

  /** The active user and the rule that found it. @throws HushError NO_ACTIVE_USER */
  async whoami(): Promise<ActiveUser> {
    return (await import("./store/user-api.js")).whoami(this);
  }

  /** Creates a secret (default scope from .hush.yaml). @throws HushError NAME_INVALID, SECRET_EXISTS, NO_ACTIVE_USER, LOCK_TIMEOUT */
  async createSecret(options: CreateSecretOptions): Promise<ChangeResult> {
    return (await import("./store/secret-api.js")).createSecret(this, options);
  }

  /**
   * Imports an existing sops file (any format, any key groups) as a named secret encrypted to the scope's recipients.
   * @throws HushError FILE_NOT_FOUND, NO_MATCHING_IDENTITY, MAC_MISMATCH, UNSUPPORTED_VALUE, SECRET_EXISTS, NAME_INVALID
   */
  async importSecret(options: Omit<ImportSecretOptions, "cwd"> & { cwd?: string }): Promise<ImportResult> {
    return (await import("./store/secret-import.js")).importSecret(this, { ...options, cwd: options.cwd ?? this.root });
  }

  /**
   * Decrypts a secret from this repository: the user's own first, then shared. Application
   * code that may run inside `hush run` reads secrets with the exported `getSecret(name)`,
   * which takes the run's copy there and calls this outside.
   * @throws HushError SECRET_NOT_FOUND, NO_MATCHING_IDENTITY, MAC_MISMATCH
   */
  async getSecret(name: string, options: { scope?: Scope } = {}): Promise<Secret & { user?: string; file: string }> {
    return (await import("./store/secret-api.js")).getSecret(this, name, options);
  }

  /**
   * Opens a secret in $SOPS_EDITOR / $EDITOR as plain key/values and saves it as `hush edit` does.
   * @throws HushError SECRET_NOT_FOUND, NO_EDITOR, EDITOR_FAILED, PARSE_ERROR, UNSUPPORTED_VALUE, FILE_CHANGED, NO_MATCHING_IDENTITY
   */
  async editSecret(name: string, options: { scope?: Scope; onWarning?: (message: string) => void } = {}): Promise<EditResult & { file: string }> {
    return (await import("./store/secret-edit.js")).editSecret(this, { name, env: this.options.env, ...options });
  }

  /**
   * Renames a secret within its scope (the file moves byte for byte).
   * @throws HushError SECRET_NOT_FOUND, SECRET_EXISTS, NAME_INVALID, LOCK_TIMEOUT, GIT_FAILED
   */
  async renameSecret(options: RenameSecretOptions): Promise<RenamedSecret> {
    return (await import("./store/secret-rename.js")).renameSecret(this, options);
  }

  /**
   * One value of a secret (the CLI's `secret get NAME --key KEY`).
   * @throws HushError SECRET_NOT_FOUND, KEY_NOT_FOUND (with a did-you-mean), NO_MATCHING_IDENTITY, MAC_MISMATCH
   */
  async getSecretValue(name: string, key: string, options: { scope?: Scope } = {}): Promise<string> {
    const secret = await this.getSecret(name, options);
    if (Object.hasOwn(secret.values, key)) return secret.values[key]!;
    const { HushError } = await import("./errors.js");
    const { didYouMean } = await import("./refs/did-you-mean.js");
    const guess = didYouMean(key, Object.keys(secret.values));
    throw new HushError("KEY_NOT_FOUND", `secret "${name}" has no key "${key}" (keys: ${Object.keys(secret.values).sort().join(", ") || "none"})`, { file: secret.file, ...(guess ? { hint: `did you mean "${guess}"?` } : {}) });
  }

  /** Finds a secret without decrypting it (keys, scope, whether it hides a shared one). @throws HushError SECRET_NOT_FOUND */
  async findSecret(name: string, options: { scope?: Scope } = {}): Promise<FoundSecret> {
    return (await import("./store/secret-api.js")).findSecret(this, name, options.scope);
  }

  /** Sets and removes keys of a secret. @throws HushError SECRET_NOT_FOUND, KEY_NOT_FOUND, NO_MATCHING_IDENTITY, LOCK_TIMEOUT */
  async updateSecret(options: UpdateSecretOptions): Promise<ChangeResult> {
    return (await import("./store/secret-api.js")).updateSecret(this, options);
  }

  /** @throws HushError SECRET_NOT_FOUND, LOCK_TIMEOUT */
  async deleteSecret(name: string, options: { scope?: Scope; commit?: boolean } = {}): Promise<ChangeResult> {
    return (await import("./store/secret-api.js")).deleteSecret(this, name, options);
  }

  /** Lists secrets without any private key. */
  async listSecrets(options: ListSecretsOptions = {}): Promise<SecretInfo[]> {
    return (await import("./store/secret-api.js")).listSecrets(this, options);
  }

  /** Creates, or updates when the name exists (Azure ML's set_secret). */
  async setSecret(name: string, values: Record<string, string>, options: { scope?: Scope; commit?: boolean } = {}): Promise<ChangeResult> {
    return (await import("./store/secret-api.js")).setSecret(this, name, values, options);
  }

  /** setSecret for many, one identity unlock. */
  async setSecrets(items: Array<{ name: string; values: Record<string, string>; scope?: Scope }>, options: { commit?: boolean } = {}): Promise<ChangeResult[]> {
    return (await import("./store/secret-api.js")).setSecrets(this, items, options);
  }

  /** Decrypts many secrets with one identity unlock (Azure ML's get_secrets). */
  async getSecrets(names: string[], options: { scope?: Scope } = {}): Promise<Secret[]> {
    return (await import("./store/secret-api.js")).getSecrets(this, names, options);
  }

  /** Adds a user and re-wraps every file they may now read. @throws HushError USER_EXISTS, NAME_INVALID, RECIPIENT_INVALID */
  async addUser(options: AddUserOptions): Promise<UserChange> {
    return (await import("./store/user-api.js")).addUser(this, options);
  }

  /** Removes a user and rotates every file they could read. @throws HushError USER_NOT_FOUND */
  async removeUser(name: string, options: { commit?: boolean } = {}): Promise<RemovedUser> {
    return (await import("./store/user-api.js")).removeUser(this, name, options);
  }

  /**
   * A user's new key: re-keys every file they may read and rotates every file their old key opened.
   * @throws HushError USER_NOT_FOUND, RECIPIENT_INVALID, NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT
   */
  async rekeyUser(name: string, recipients: string[], options: { commit?: boolean } = {}): Promise<SyncedUsers> {
    return (await import("./store/user-api.js")).rekeyUser(this, name, recipients, options);
  }

  /** Applies a hand-edited .hush.yaml: regenerates .sops.yaml, re-wraps files missing a reader, rotates files with a reader too many. @throws HushError NO_MATCHING_IDENTITY, LOCK_TIMEOUT */
  async syncUsers(options: { commit?: boolean } = {}): Promise<SyncedUsers> {
    return (await import("./store/user-api.js")).syncUsers(this, options);
  }

  async listUsers(): Promise<UserListing[]> {
    return (await import("./store/user-api.js")).listUsers(this);
  }

  /** Refuses a secret name before anything is read or written (the store refuses it too). @throws HushError NAME_INVALID */
  static validateSecretName(name: string): void {
    validateName("secret", name);
  }

  /** Refuses a key no secret may hold (`sops`, `*_unencrypted`, `__proto__`, odd characters). @throws HushError USAGE */
  static validateSecretKey(key: string): void {
    validateSecretKey(key);
  }

  /** A secret's keys and values from JSON or YAML text (`secret create/update --values`). @throws HushError USAGE */
  static async parseSecretValues(text: string): Promise<Record<string, string>> {
    return (await import("./store/values-text.js")).parseValuesText(text);
  }

  /** The warning lines for `shadows` under .hush.yaml's `shadowing: warn`; none under `allow`, nor under `refuse` (which made them problems). */
  async shadowWarnings(shadows: readonly Shadow[]): Promise<string[]> {
    if (!shadows.length || (this.config.shadowing ?? "warn") !== "warn") return [];
    const { shadowWarning } = await import("./store/shadowing.js");
    return shadows.map(shadowWarning);
  }

  /**
   * Applies .hush.yaml's `shadowing:` policy where a shadow stops a command: warn → one line each to `onWarning`; refuse → throws; allow → nothing.
   * @throws HushError SECRET_SHADOWED
   */
  async enforceShadowing(shadows: readonly Shadow[], onWarning: (line: string) => void): Promise<void> {
    if (!shadows.length) return;
    const [{ enforceShadowing }, { shadowingOf }] = await Promise.all([import("./store/shadowing.js"), import("./config/hush-config.js")]);
    enforceShadowing(shadowingOf(this.config), shadows, onWarning);
  }

  /** Creates .hush.yaml, the secrets/ and stacks/ dirs and .sops.yaml, with the current user. @throws HushError CONFIG_EXISTS, NAME_INVALID */
  static async init(options: InitOptions): Promise<InitResult> {
    return (await import("./store/init.js")).initRepository(options);
  }


  // ── refs: stacks ─────────────────────────────────────────────────────

  /** Names of every stack file in the stacks directory, sorted. */
  async listStacks(): Promise<string[]> {
    return (await import("./refs/stacks.js")).listStackNames(this.config);
  }

  /**
   * Renders a text template's `{{name.key}}` references (op inject): returned, or written 0600 to `output` (never into a tracked file unless `force`).
   * @throws HushError FILE_NOT_FOUND, VALIDATION_FAILED, FILE_TRACKED, NO_MATCHING_IDENTITY, MAC_MISMATCH
   */
  async inject(options: Omit<InjectOptions, "cwd"> & { cwd?: string }): Promise<Injected> {
    return (await import("./refs/inject.js")).injectTemplate(this, { ...options, cwd: options.cwd ?? this.options.cwd ?? this.root });
  }

  /**
   * Validates references of the named stacks (default: every stack) at a level; every problem at once.
   * @throws HushError VALIDATION_LEVEL_INVALID, STACK_NOT_FOUND, USER_NOT_FOUND
   */
  async validateStacks(options: ValidateStacksOptions = {}): Promise<StackValidation> {
    return (await import("./refs/stack-api.js")).validateStacks(this, options);
  }

  /** One stack (DESIGN "Library": `hush.validateStack("default", { level })`). @throws as validateStacks */
  async validateStack(name: string, options: { level?: string; allUsers?: boolean } = {}): Promise<StackValidation> {
    return this.validateStacks({ ...options, stacks: [name] });
  }

  /** The stack with references filled in; values only with `reveal`. @throws HushError STACK_NOT_FOUND, VALIDATION_FAILED, NO_MATCHING_IDENTITY */
  async resolveStack(name: string, options: { reveal?: boolean } = {}): Promise<ResolvedStack> {
    return (await import("./refs/stack-api.js")).resolveStack(this, name, options);
  }

  /** Asks `reader` for every missing secret/key of a stack and writes them. @throws HushError STACK_NOT_FOUND, VALIDATION_FAILED, USAGE */
  async registerSecrets(reader: ValueReader, options: RegisterOptions = {}): Promise<Registered[]> {
    return (await import("./refs/register.js")).registerSecrets(this, reader, options);
  }

  // ── check ────────────────────────────────────────────────────────────

  /** The pre-commit rules over the working tree or (`staged`) the index; returns every problem. @throws HushError VALIDATION_LEVEL_INVALID, NOT_A_GIT_REPO */
  async check(options: CheckOptionsInput = {}): Promise<CheckReport> {
    return (await import("./check/check-api.js")).check(this, options);
  }

  /** Installs the git pre-commit hook running `hush check --staged`. @throws HushError HOOK_EXISTS, NOT_A_GIT_REPO */
  async installHook(options: { force?: boolean } = {}): Promise<InstalledHook> {
    return (await import("./git/hook.js")).installHook(this.root, options);
  }

  /** Removes the hook `installHook` wrote (restoring one it replaced). @throws HushError HOOK_EXISTS (not hush's), NOT_A_GIT_REPO */
  async uninstallHook(): Promise<{ path: string; removed: boolean; restored?: string }> {
    return (await import("./git/hook.js")).uninstallHook(this.root);
  }

  // ── run ──────────────────────────────────────────────────────────────

  /**
   * Runs a command with the secrets it references in its environment and its
   * output masked (`hush run`); returns its exit status (128+N for signal N).
   * @throws HushError before the child starts (STACK_NOT_FOUND, VALIDATION_FAILED, ENV_CLASH, NO_MATCHING_IDENTITY, ...),
   *   COMMAND_NOT_FOUND, COMMAND_NOT_EXECUTABLE
   */
  async run(options: RunOptions): Promise<number> {
    return (await import("./run/launch.js")).runWithSecrets(this, options);
  }

  // ── git ──────────────────────────────────────────────────────────────

  /** Writes the .gitattributes line and the merge/diff driver config (idempotent). @throws HushError NOT_A_GIT_REPO, GIT_FAILED */
  async setupGit(options: GitSetupOptions = {}): Promise<GitSetupResult> {
    return (await import("./git/setup.js")).setupGitDrivers(this.root, this.config.secretsDir, options);
  }

  /**
   * git's merge driver for secret files (%O %A %B %P): merges per key, the result in `ours`; 0 merged, 1 conflict.
   * Needs no opened repository: git runs it in a merge.
   */
  static async mergeDriver(args: MergeDriverArgs): Promise<number> {
    return (await import("./git/merge-driver.js")).runMergeDriver(args);
  }

  /** git's diff textconv for a secret file: decrypted YAML with a local identity, keys only otherwise; never throws. */
  static async textconv(file: string, options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string> {
    return (await import("./git/textconv.js")).textconv(file, options.env ?? process.env, options.cwd ?? process.cwd());
  }

  /** Per secret, commit by commit: keys added/removed/changed and recipient changes; no private key. @throws HushError NOT_A_GIT_REPO, GIT_FAILED, NAME_INVALID */
  async secretLog(options: HistoryOptions = {}): Promise<SecretHistory[]> {
    return (await import("./git/history.js")).secretHistory(this.config, options);
  }

  /** Who can read which secret, stale recipients, missing readers; from recipients only. @throws HushError SYMLINK_REFUSED, METADATA_INVALID */
  async access(): Promise<AccessMatrix> {
    return (await import("./store/access-api.js")).accessMatrix(this);
  }

  /** What a user (or an age recipient) can decrypt now: what their departure exposes. @throws HushError USER_NOT_FOUND */
  async userAccess(who: string): Promise<UserExposure> {
    return (await import("./store/access-api.js")).userExposure(this, who);
  }

  /** A secret as a Kubernetes Secret manifest (plain, or sops-encrypted with `sops`). @throws HushError SECRET_NOT_FOUND, K8S_INVALID, NO_MATCHING_IDENTITY */
  async exportK8s(name: string, options: ExportK8sOptions = {}): Promise<ExportedManifest> {
    return (await import("./export/k8s-export.js")).exportK8s(this, name, options);
  }
}

export interface GetSecretOptions {
  /** Where to find .hush.yaml outside a run (default: process.cwd()). */
  cwd?: string;
  /** Environment to read HUSH_RUN_SECRETS_FILE, SOPS_AGE_*, HUSH_* from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Look only in this scope. */
  scope?: Scope;
}

/**
 * The one way to read a secret in code: `await getSecret("db")` gives
 * `{ name, scope, values }` wherever the code runs (the Azure ML
 * `Run.get_context().get_secret()` pattern). Inside `hush run` it is what the
 * run decrypted (the file HUSH_RUN_SECRETS_FILE names), with no age identity
 * and no .hush.yaml needed; outside a run, or for a secret the run did not
 * pass, it opens the repository from `cwd` and decrypts with your key.
 * @throws HushError (outside a run, or for a secret the run did not pass) CONFIG_NOT_FOUND, SECRET_NOT_FOUND, NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH
 */
export async function getSecret(name: string, options: GetSecretOptions = {}): Promise<Secret> {
  const env = options.env ?? process.env;
  const fromRun = (await import("./run/in-run.js")).secretFromRunEnv(name, env);
  if (fromRun && (options.scope === undefined || options.scope === fromRun.scope)) return fromRun;
  const hush = await Hush.open({ env, ...(options.cwd !== undefined ? { cwd: options.cwd } : {}) });
  const { name: found, scope, values } = await hush.getSecret(name, options.scope !== undefined ? { scope: options.scope } : {});
  return { name: found, scope, values };
}
