/**
 * INTERIM, private to the store until the age helper's keygen/key-file land:
 * `hush init --keygen` makes an age X25519 identity and writes it, as
 * age-keygen does, to the default key file (0600, never overwritten).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { homedir } from "node:os";
import { HushError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";

/** `$XDG_CONFIG_HOME/sops/age/keys.txt` when XDG_CONFIG_HOME is absolute, else `~/.config/sops/age/keys.txt` (spec §6.3). */
export function defaultKeyFile(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME ?? homedir(), ".config");
  return join(base, "sops", "age", "keys.txt");
}

/**
 * Writes a new identity to `file` (default: the default key file); returns its recipient and path.
 * @throws HushError USAGE when the file exists (it may hold someone's only key), FILE_WRITE_FAILED
 */
export async function generateKeyFile(env: NodeJS.ProcessEnv, file = defaultKeyFile(env)): Promise<{ recipient: string; file: string }> {
  if (existsSync(file)) {
    throw new HushError("USAGE", `${file} already exists; hush never overwrites a key file`, { file, hint: "run `hush init` without --keygen to use the key in it" });
  }
  const { generateIdentity, identityToRecipient } = await import("age-encryption");
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const created = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `# created: ${created}\n# public key: ${recipient}\n${identity}\n`, 0o600);
  return { recipient, file };
}
