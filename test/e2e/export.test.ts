// `hush export k8s`: a Secret manifest from a real encrypted secret, checked
// against the Secret schema fields; --sops checked with sops-age and age.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { decryptSops } from "sops-age";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };
const PEM = "-----BEGIN KEY-----\nMIIB\n-----END KEY-----";
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function cli(dir: string, args: string[], env: Record<string, string> = aliceEnv): string {
  const r = hush(args, { cwd: dir, env });
  if (r.status !== 0) throw new Error(`hush ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The Kubernetes Secret schema fields every manifest must satisfy. */
function expectSecretShape(m: Record<string, unknown>): void {
  expect(m.apiVersion).toBe("v1");
  expect(m.kind).toBe("Secret");
  const meta = m.metadata as { name: string };
  expect(meta.name).toMatch(DNS_SUBDOMAIN);
  expect(meta.name.length).toBeLessThanOrEqual(253);
  for (const key of Object.keys((m.stringData ?? m.data) as object)) expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
}

let dir: string;
beforeEach(() => {
  dir = gitRepo({ ".hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n` });
  writeFileSync(join(dir, "pem.txt"), PEM);
  cli(dir, ["secret", "create", "ml_db", "--username=app", "--password=pa55: #word", "--tls.key=@pem.txt", "--scope", "shared"]);
});

describe("hush export k8s", () => {
  it("prints a valid Secret manifest with stringData from the decrypted values", () => {
    const m = parse(cli(dir, ["export", "k8s", "ml_db", "--namespace", "ml"])) as Record<string, unknown>;
    expectSecretShape(m);
    expect(m).toEqual({ apiVersion: "v1", kind: "Secret", metadata: { name: "ml-db", namespace: "ml" }, type: "Opaque", stringData: { username: "app", password: "pa55: #word", "tls.key": PEM } });
    expect((parse(cli(dir, ["export", "k8s", "ml_db", "--name", "db.v2"])) as { metadata: unknown }).metadata).toEqual({ name: "db.v2" });
  });

  it("refuses keys that are not valid Secret keys, naming them, never a value", async () => {
    // hush refuses such keys itself; a file another sops tool wrote may hold them.
    const { codec } = await import("../../src/sopsfile/codec-port.js");
    const { Branch } = await import("../../src/sops/tree.js");
    const { encryptFile } = await codec();
    const bytes = await encryptFile([new Branch([{ key: "ok", value: "1" }, { key: "has space", value: "VALUE-CANARY" }, { key: "a/b", value: "VALUE-CANARY" }])], { format: "yaml", recipients: [ALICE.recipient, BOB.recipient] });
    writeFileSync(join(dir, "secrets/shared/bad.yaml"), bytes);
    const r = hush(["export", "k8s", "bad"], { cwd: dir, env: aliceEnv });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`"has space"`);
    expect(r.stderr).toContain(`"a/b"`);
    expect(r.stderr).toContain("not valid Kubernetes Secret keys");
    expect(r.stdout + r.stderr).not.toContain("VALUE-CANARY");
    const badName = hush(["export", "k8s", "ml_db", "--name", "Bad_Name"], { cwd: dir, env: aliceEnv });
    expect(badName.status).toBe(1);
    expect(badName.stderr).toContain("not a DNS subdomain");
  });

  it("an unknown secret and a missing identity are one-line errors", () => {
    expect(hush(["export", "k8s", "nope"], { cwd: dir, env: aliceEnv }).stderr).toContain(`secret "nope" not found`);
    const r = hush(["export", "k8s", "ml_db"], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--sops: encrypted to the secret's recipients, only stringData encrypted, readable by sops-age and age", async () => {
    const text = cli(dir, ["export", "k8s", "ml_db", "--sops", "--namespace", "ml"]);
    expect(text).not.toContain("pa55");
    const wire = parse(text) as Record<string, unknown> & { sops: { encrypted_regex: string; age: Array<{ recipient: string; enc: string }> }; stringData: Record<string, string> };
    expectSecretShape(wire);
    expect(wire.metadata).toEqual({ name: "ml-db", namespace: "ml" });
    expect(wire.sops.encrypted_regex).toBe("^(data|stringData)$");
    expect(Object.values(wire.stringData).every((v) => v.startsWith("ENC[AES256_GCM,"))).toBe(true);
    expect(wire.sops.age.map((e) => e.recipient).sort()).toEqual([ALICE.recipient, BOB.recipient].sort());
    const keyFile = join(tempDir(), "k.txt");
    writeFileSync(keyFile, BOB.identity + "\n", { mode: 0o600 });
    const bobEntry = wire.sops.age.find((e) => e.recipient === BOB.recipient)!;
    expect(execFileSync("age", ["-d", "-i", keyFile], { input: bobEntry.enc }).length).toBe(32);
    const plain = await decryptSops(text, { secretKey: BOB.identity, fileType: "yaml" });
    expect(plain.stringData).toEqual({ username: "app", password: "pa55: #word", "tls.key": PEM });
    expect(plain.kind).toBe("Secret");
  });
});
