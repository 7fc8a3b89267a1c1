/**
 * The store's one door to the codec and to identities (also used by git's
 * merge driver and textconv): src/codec, with src/age's loadIdentities once
 * it is implemented; until then identities come through the codec's own
 * interim age port (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the default key file).
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type * as Codec from "../codec/index.js";
import type { IdentitySet } from "../age/identities.js";

export interface CodecPort {
  decryptFile: typeof Codec.decryptFile;
  encryptFile: typeof Codec.encryptFile;
  inspectFile: typeof Codec.inspectFile;
  updateKeys: typeof Codec.updateKeys;
  rotateFile: typeof Codec.rotateFile;
  loadIdentities: (env?: NodeJS.ProcessEnv) => Promise<IdentitySet>;
}

let chosen: Promise<CodecPort> | undefined;

export function codec(): Promise<CodecPort> {
  chosen ??= (async () => {
    const real = await import("../codec/index.js");
    const age = await import("../age/identities.js");
    if (typeof age.loadIdentities === "function") return { ...real, loadIdentities: age.loadIdentities };
    return { ...real, loadIdentities: interimLoadIdentities };
  })();
  return chosen;
}

// INTERIM until src/age lands: SOPS_AGE_KEY and SOPS_AGE_KEY_FILE through the codec's age port
// (its identity sets carry their keys by object identity, hence one call with all the text).
async function interimLoadIdentities(env: NodeJS.ProcessEnv = process.env): Promise<IdentitySet> {
  const { agePort } = await import("../codec/age-port.js");
  const texts: string[] = [];
  const sources: string[] = [];
  const warnings: string[] = [];
  if (env.SOPS_AGE_KEY) {
    texts.push(env.SOPS_AGE_KEY);
    sources.push("SOPS_AGE_KEY");
  }
  const { defaultKeyFile } = await import("./interim-keygen.js");
  const files: Array<[string, string]> = [];
  if (env.SOPS_AGE_KEY_FILE) files.push([env.SOPS_AGE_KEY_FILE, "SOPS_AGE_KEY_FILE"]);
  const fallback = defaultKeyFile(env);
  if (existsSync(fallback)) files.push([fallback, "default key file"]);
  for (const [file, what] of files) {
    texts.push(await readFile(file, "utf8"));
    sources.push(`${what} (${file})`);
    if (((await stat(file)).mode & 0o077) !== 0) warnings.push(`key file ${file} is readable by others; run chmod 600 ${file}`);
  }
  const set = await (await agePort()).identitiesFromText(texts.join("\n"), sources.join(", ") || "none");
  (set.warnings as string[]).push(...warnings);
  return set;
}
