/**
 * A Kubernetes `Secret` manifest built from a secret's values, checked against
 * the schema fields the API server enforces (core/v1 Secret): apiVersion v1,
 * kind Secret, metadata.name a DNS subdomain, every key a valid Secret key.
 * Pure: no I/O, no YAML emitting (see k8s-render.ts).
 */
import { HushError, type Problem } from "../errors.js";

export interface K8sSecretManifest {
  apiVersion: "v1";
  kind: "Secret";
  metadata: { name: string; namespace?: string };
  type: "Opaque";
  stringData: Record<string, string>;
}

// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Namespaces are DNS labels (RFC 1123), at most 63 characters.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// k8s.io/apimachinery IsConfigMapKey: `[-._a-zA-Z0-9]+`, at most 253, not "." or "..".
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Every way `name` is not a valid DNS subdomain (empty when it is). */
export function dnsSubdomainProblems(name: string): string[] {
  const out: string[] = [];
  if (name.length > 253) out.push(`"${name}" is longer than 253 characters`);
  if (!DNS_SUBDOMAIN.test(name))
    out.push(`"${name}" is not a DNS subdomain (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)`);
  return out;
}

/** Why `key` cannot be a Secret data key, or undefined when it can. */
export function secretKeyProblem(key: string): string | undefined {
  if (key.length > 253) return `key "${key}" is longer than 253 characters`;
  if (key === "." || key === "..") return `key "${key}" is not allowed`;
  if (!SECRET_KEY.test(key)) return `key "${key}" has characters outside [-._a-zA-Z0-9]`;
  return undefined;
}

/** Every schema problem of a manifest (all of them, not the first). */
export function manifestProblems(manifest: K8sSecretManifest, file = "manifest"): Problem[] {
  const problems: Problem[] = [];
  const add = (message: string, hint?: string): void => {
    problems.push({ file, message, code: "K8S_INVALID", ...(hint ? { hint } : {}) });
  };
  if (manifest.apiVersion !== "v1") add(`apiVersion must be "v1"`);
  if (manifest.kind !== "Secret") add(`kind must be "Secret"`);
  for (const p of dnsSubdomainProblems(manifest.metadata.name)) add(`metadata.name ${p}`, "pass a valid name with --name");
  const ns = manifest.metadata.namespace;
  if (ns !== undefined && (ns.length > 63 || !DNS_LABEL.test(ns))) add(`metadata.namespace "${ns}" is not a DNS label`);
  for (const key of Object.keys(manifest.stringData)) {
    const p = secretKeyProblem(key);
    if (p) add(p, "rename the key with `hush secret update`");
  }
  return problems;
}

export interface BuildManifestOptions {
  /** metadata.name; default: the secret's name lower-cased with `_` as `-`. */
  name?: string;
  namespace?: string;
  /** For messages: the secret file. */
  file?: string;
}

/** The manifest name hush derives from a secret name (secret names allow `_` and upper case; DNS names do not). */
export function manifestNameFor(secretName: string): string {
  return secretName.toLowerCase().replace(/_/g, "-");
}

/**
 * A valid Secret manifest for `values`, keys in the given order.
 * @throws HushError K8S_INVALID naming every invalid key or name (never a value)
 */
export function buildSecretManifest(secretName: string, values: Record<string, string>, options: BuildManifestOptions = {}): K8sSecretManifest {
  const manifest: K8sSecretManifest = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: options.name ?? manifestNameFor(secretName), ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) },
    type: "Opaque",
    stringData: { ...values },
  };
  const problems = manifestProblems(manifest, options.file ?? secretName);
  if (problems.length) {
    const keys = Object.keys(values).filter((k) => secretKeyProblem(k) !== undefined);
    const what = keys.length
      ? `keys ${keys.map((k) => `"${k}"`).join(", ")} are not valid Kubernetes Secret keys`
      : "the manifest is not a valid Kubernetes Secret";
    throw new HushError("K8S_INVALID", `secret "${secretName}" cannot be exported: ${what}`, {
      ...(options.file ? { file: options.file } : {}),
      problems,
    });
  }
  return manifest;
}
