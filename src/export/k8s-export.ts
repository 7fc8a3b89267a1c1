/**
 * `hush export k8s NAME`: the secret as the active user resolves it (own
 * scope first, then shared), decrypted, as a Kubernetes Secret manifest.
 */
import { findSecret, getSecret } from "../store/secret-api.js";
import type { HushSession } from "../store/session.js";
import type { Scope } from "../config/hush-config.js";
import { buildSecretManifest } from "./k8s-manifest.js";
import { renderPlainManifest, renderSopsManifest } from "./k8s-render.js";

export interface ExportK8sOptions {
  namespace?: string;
  /** metadata.name; default derived from the secret name. */
  manifestName?: string;
  /** Encrypt the manifest (sops, same recipients as the secret file) instead of printing stringData in clear. */
  sops?: boolean;
  scope?: Scope;
}

export interface ExportedManifest {
  /** The manifest text (YAML). */
  text: string;
  /** The secret file it came from, relative to the root. */
  file: string;
  /** Recipients of the sops manifest (with `sops`). */
  recipients?: string[];
}

/**
 * Decrypts the secret `name` and renders it as a Secret manifest.
 * @throws HushError SECRET_NOT_FOUND, NO_MATCHING_IDENTITY, MAC_MISMATCH, K8S_INVALID, NO_RECIPIENTS
 */
export async function exportK8s(hush: HushSession, name: string, options: ExportK8sOptions = {}): Promise<ExportedManifest> {
  const found = await findSecret(hush, name, options.scope);
  const secret = await getSecret(hush, name, { scope: found.info.scope });
  const manifest = buildSecretManifest(name, secret.values, {
    file: found.info.file,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.manifestName !== undefined ? { name: options.manifestName } : {}),
  });
  if (!options.sops) return { text: await renderPlainManifest(manifest), file: found.info.file };
  // The same people who read the secret file read the manifest: its own recipients.
  const recipients = found.info.recipients;
  return { text: await renderSopsManifest(manifest, recipients), file: found.info.file, recipients };
}
