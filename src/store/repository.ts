/**
 * The secret repository: every secret of every scope, read from clear-text
 * keys and metadata (no private key), and decrypted only on request.
 */
import { readdirSync, readFileSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { HushError } from "../errors.js";
import { storeCodec } from "../sopsfile/codec-port.js";
import type { HushConfig, Scope } from "../config/hush-config.js";
import type { IdentitySet } from "../keys/identities.js";
import type { Secret, SecretInfo } from "./types.js";
import { NAME_PATTERN, SECRET_SUFFIX, relativeScopeDir, secretPath } from "./paths.js";
import { secretSummary } from "./secret-summary.js";
import { refuseSymlinks } from "../sys/symlinks.js";
import { secretFromDocument } from "./secret-document.js";

export class SecretStore {
  constructor(readonly config: HushConfig) {}

  /**
   * Every secret of every scope and user, from clear-text keys and metadata:
   * no private key, no decryption. Files whose name is not a valid secret name are skipped.
   * @throws HushError SYMLINK_REFUSED, NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR
   */
  async list(): Promise<SecretInfo[]> {
    const out: SecretInfo[] = [];
    await this.listDir("shared", undefined, out);
    const usersRel = `${this.config.secretsDir}/users`;
    for (const entry of readDirents(join(this.config.root, usersRel))) {
      refuseLink(entry, `${usersRel}/${entry.name}`);
      if (entry.isDirectory() && NAME_PATTERN.test(entry.name)) await this.listDir("user", entry.name, out);
    }
    return out;
  }

  /** Secrets of one scope (and owner, for the user scope). */
  async listScope(scope: Scope, user?: string): Promise<SecretInfo[]> {
    const out: SecretInfo[] = [];
    await this.listDir(scope, user, out);
    return out;
  }

  /**
   * The secret `name` as `user` sees it: their own scope first, then shared (ZenML's rule).
   * @throws HushError NAME_INVALID, SYMLINK_REFUSED
   */
  async resolve(name: string, user: string | undefined): Promise<SecretInfo | undefined> {
    if (user !== undefined) {
      const own = await this.info("user", name, user);
      if (own) return own;
    }
    return this.info("shared", name);
  }

  /** The secret in exactly this scope, or undefined. @throws HushError NAME_INVALID, SYMLINK_REFUSED */
  async info(scope: Scope, name: string, user?: string): Promise<SecretInfo | undefined> {
    const path = secretPath(this.config, scope, name, user);
    await refuseSymlinks(this.config.root, path);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      return undefined;
    }
    return this.toInfo(scope, name, user, bytes);
  }

  /** Decrypts a secret (MAC checked). @throws HushError NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH, SECRET_NOT_FOUND */
  async read(info: SecretInfo, identities: IdentitySet): Promise<Secret> {
    return openSecret(info, await this.bytes(info), identities);
  }

  /** A secret's file as it is in the work tree, still encrypted. @throws HushError SECRET_NOT_FOUND, SYMLINK_REFUSED */
  async bytes(info: SecretInfo): Promise<Uint8Array> {
    const path = join(this.config.root, info.file);
    await refuseSymlinks(this.config.root, path);
    try {
      return readFileSync(path);
    } catch {
      throw new HushError("SECRET_NOT_FOUND", `secret "${info.name}" (${info.file}) no longer exists`, { file: info.file });
    }
  }

  private async listDir(scope: Scope, user: string | undefined, out: SecretInfo[]): Promise<void> {
    const rel = relativeScopeDir(this.config, scope, user);
    for (const entry of readDirents(join(this.config.root, rel))) {
      if (!entry.name.endsWith(SECRET_SUFFIX)) continue;
      refuseLink(entry, `${rel}/${entry.name}`);
      const name = entry.name.slice(0, -SECRET_SUFFIX.length);
      if (!entry.isFile() || !NAME_PATTERN.test(name)) continue;
      out.push(await this.toInfo(scope, name, user, readFileSync(join(this.config.root, rel, entry.name))));
    }
  }

  private async toInfo(scope: Scope, name: string, user: string | undefined, bytes: Uint8Array): Promise<SecretInfo> {
    const file = `${relativeScopeDir(this.config, scope, user)}/${name}${SECRET_SUFFIX}`;
    const summary = await secretSummary(bytes, file).catch((error: unknown) => {
      // One broken file stops a listing: say how to find out more and how to mend it.
      if (error instanceof HushError) {
        const next = "`hush check` says what is wrong; restore it from git or re-create it with `hush secret create --force`";
        throw new HushError(error.code, error.message, {
          file,
          ...(error.line !== undefined ? { line: error.line } : {}),
          hint: error.hint ? `${error.hint}; ${next}` : next,
          cause: error,
        });
      }
      throw error;
    });
    const info: SecretInfo = { name, scope, file, keys: summary.keys, recipients: summary.recipients, lastModified: summary.lastModified };
    if (user !== undefined) info.user = user;
    return info;
  }
}

/**
 * Decrypts the bytes of a store file (the work tree's, or the git index's for
 * `hush check --staged`): held to the store policy, MAC checked, flat key/values.
 * @throws HushError NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH, SELECTION_REFUSED, UNSUPPORTED_VALUE
 */
export async function openSecret(info: SecretInfo, bytes: Uint8Array, identities: IdentitySet): Promise<Secret> {
  const { decryptFile } = await storeCodec();
  const opened = await decryptFile(bytes, { format: "yaml", identities, file: info.file });
  return { name: info.name, scope: info.scope, values: secretFromDocument(opened.document, info.file) };
}

function readDirents(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function refuseLink(entry: Dirent, rel: string): void {
  if (entry.isSymbolicLink()) {
    throw new HushError("SYMLINK_REFUSED", "a symbolic link; hush refuses symlinks under the secrets directory", {
      file: rel,
      hint: "replace the link with a regular file",
    });
  }
}
