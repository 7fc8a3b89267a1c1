/**
 * A Secret manifest as text: plain YAML (stringData in clear, for `kubectl
 * apply` from a pipe), or a sops file encrypting only `data`/`stringData`
 * (the shape Flux's kustomize-controller and helm-secrets decrypt as is).
 */
import { stringify } from "yaml";
import { Branch, type Document } from "../sops/tree.js";
import type { K8sSecretManifest } from "./k8s-manifest.js";

/** sops's selection for Kubernetes manifests: everything else stays readable for kubectl/Flux. */
export const K8S_ENCRYPTED_REGEX = "^(data|stringData)$";

/** Plain YAML of the manifest. Values are quoted by the yaml library whenever plain scalars would change them. */
export async function renderPlainManifest(manifest: K8sSecretManifest): Promise<string> {
  return stringify(manifest, { lineWidth: 0 });
}

/** The manifest as a sops tree (one branch, keys in Kubernetes's usual order). */
export function manifestDocument(manifest: K8sSecretManifest): Document {
  const metadata = new Branch([{ key: "name", value: manifest.metadata.name }]);
  if (manifest.metadata.namespace !== undefined) metadata.set("namespace", manifest.metadata.namespace);
  const stringData = new Branch(Object.entries(manifest.stringData).map(([key, value]) => ({ key, value })));
  return [
    new Branch([
      { key: "apiVersion", value: manifest.apiVersion },
      { key: "kind", value: manifest.kind },
      { key: "metadata", value: metadata },
      { key: "type", value: manifest.type },
      { key: "stringData", value: stringData },
    ]),
  ];
}

/**
 * The manifest encrypted to `recipients` with `encrypted_regex: ^(data|stringData)$`.
 * @throws HushError NO_RECIPIENTS, RECIPIENT_INVALID
 */
export async function renderSopsManifest(manifest: K8sSecretManifest, recipients: string[]): Promise<string> {
  const { encryptFile } = await import("../sopsfile/index.js");
  const bytes = await encryptFile(manifestDocument(manifest), {
    format: "yaml",
    recipients,
    selection: { kind: "encrypted_regex", value: K8S_ENCRYPTED_REGEX },
    indent: 2,
  });
  return Buffer.from(bytes).toString("utf8");
}
