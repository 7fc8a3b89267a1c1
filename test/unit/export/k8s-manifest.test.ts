import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildSecretManifest, dnsSubdomainProblems, manifestNameFor, manifestProblems, secretKeyProblem } from "../../../src/export/k8s-manifest.js";
import { manifestDocument, renderPlainManifest } from "../../../src/export/k8s-render.js";
import { isHushError, type HushError } from "../../../src/errors.js";
import type { Branch } from "../../../src/sops/tree.js";

describe("Kubernetes Secret manifest", () => {
  it("has the Secret schema fields and stringData in key order", () => {
    const m = buildSecretManifest("db", { user: "app", password: "s3cret" }, { namespace: "prod" });
    expect(m).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "prod" },
      type: "Opaque",
      stringData: { user: "app", password: "s3cret" },
    });
    expect(Object.keys(m.stringData)).toEqual(["user", "password"]);
    expect(manifestProblems(m)).toEqual([]);
  });

  it("derives a DNS-subdomain name from a secret name with _ and upper case", () => {
    expect(manifestNameFor("ML_Flow")).toBe("ml-flow");
    expect(buildSecretManifest("ML_Flow", { a: "1" }).metadata.name).toBe("ml-flow");
  });

  it("accepts valid Secret keys and refuses the others by name, every one, never with the value", () => {
    for (const ok of ["a", "A_B", "tls.crt", ".dotfile", "a-b.c_d"]) expect(secretKeyProblem(ok)).toBeUndefined();
    for (const bad of ["a b", "a/b", "a:b", ".", "..", "é", "x".repeat(254)]) expect(secretKeyProblem(bad)).toBeDefined();
    let error: unknown;
    try {
      buildSecretManifest("db", { "bad key": "VALUE-CANARY-1", ok: "x", "also/bad": "VALUE-CANARY-2" }, { file: "secrets/shared/db.yaml" });
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "K8S_INVALID")).toBe(true);
    const e = error as HushError;
    expect(e.message).toContain(`"bad key"`);
    expect(e.message).toContain(`"also/bad"`);
    expect(e.problems).toHaveLength(2);
    expect(JSON.stringify({ m: e.message, p: e.problems })).not.toContain("VALUE-CANARY");
  });

  it("checks metadata.name as a DNS subdomain and namespace as a DNS label", () => {
    expect(dnsSubdomainProblems("my-secret.v1")).toEqual([]);
    expect(dnsSubdomainProblems("-bad")).not.toEqual([]);
    expect(dnsSubdomainProblems("Bad")).not.toEqual([]);
    expect(dnsSubdomainProblems("a".repeat(254))).not.toEqual([]);
    expect(() => buildSecretManifest("db", { a: "1" }, { name: "Not_Valid" })).toThrow(/not a valid Kubernetes Secret/);
    expect(() => buildSecretManifest("db", { a: "1" }, { namespace: "a.b" })).toThrow();
  });

  it("renders YAML that parses back to the same manifest, multi-line and tricky values intact", async () => {
    const values = { pem: "-----BEGIN-----\nabc\n-----END-----\n", num: "0012", yes: "yes", empty: "", colon: "a: b # c" };
    const m = buildSecretManifest("tls", values, { namespace: "ns" });
    expect(parse(await renderPlainManifest(m))).toEqual(m);
  });

  it("builds a sops tree with Kubernetes's key order", () => {
    const doc = manifestDocument(buildSecretManifest("db", { a: "1" }, { namespace: "n" }));
    expect(doc[0]!.keys()).toEqual(["apiVersion", "kind", "metadata", "type", "stringData"]);
    expect((doc[0]!.get("stringData") as Branch).get("a")).toBe("1");
  });
});
