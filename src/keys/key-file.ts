/**
 * Key files as age-keygen writes them and sops reads them (spec §6.3): where
 * the default one is, which lines hold identities, whether others may read it.
 */
import { isAbsolute, join } from "node:path";
import { homedir } from "node:os";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { HushError } from "../errors.js";

/**
 * The default key file: `$XDG_CONFIG_HOME/sops/age/keys.txt` when XDG_CONFIG_HOME
 * is absolute, else `$HOME/.config/sops/age/keys.txt` (macOS: `~/Library/Application Support`
 * when XDG_CONFIG_HOME is unset, as Go's os.UserConfigDir).
 * @throws never
 */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const home = env.HOME || homedir();
  let base: string;
  if (process.platform === "darwin") base = xdg ? xdg : join(home, "Library", "Application Support");
  else base = xdg && isAbsolute(xdg) ? xdg : join(home, ".config");
  return join(base, "sops", "age", "keys.txt");
}

/** An identity string and the 1-based line it is on. */
export interface KeyLine {
  text: string;
  line: number;
}

/**
 * The identity strings of key-file text: one per line (several per line,
 * whitespace-separated, for SOPS_AGE_KEY), blank and `#` lines skipped, `\r\n` ok.
 * @throws never
 */
export function keyFileLines(text: string): KeyLine[] {
  const out: KeyLine[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "" || line.startsWith("#")) continue;
    for (const token of line.split(/\s+/)) if (token) out.push({ text: token, line: i + 1 });
  }
  return out;
}

/** True when the text is a PEM private key (an SSH key, say), not a key file. @throws never */
export function isPemPrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
}

/**
 * The SSH keys sops reads when they exist, in its order: `~/.ssh/id_ed25519`,
 * then `~/.ssh/id_rsa` (HOME as Go's os.UserHomeDir: `$HOME`, here with the
 * OS's home directory when HOME is unset).
 * @throws never
 */
export function defaultSshKeyFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const ssh = join(env.HOME || homedir(), ".ssh");
  return [join(ssh, "id_ed25519"), join(ssh, "id_rsa")];
}

/** True when the text is itself an age-encrypted (passphrase) identity file. @throws never */
export function isEncryptedKeyFile(text: string): boolean {
  const start = text.trimStart();
  return start.startsWith("age-encryption.org/") || start.startsWith("-----BEGIN AGE");
}

const AGE_KEY_FILE = { name: "age key file", hint: "check SOPS_AGE_KEY_FILE, or run `hush keygen`" };

/**
 * Reads a key file and says, as ssh does, when group or others may open it.
 * `what` names the kind of file in messages (default: an age key file).
 * @throws HushError FILE_NOT_FOUND, FILE_READ_FAILED
 */
export async function readKeyFile(file: string, what: { name: string; hint: string } = AGE_KEY_FILE): Promise<{ text: string; warning?: string }> {
  try {
    // One open: the mode checked is the mode of the file read. Sync: a few hundred bytes, read once per process.
    const fd = openSync(file, "r");
    let text: string;
    let mode: number;
    try {
      mode = fstatSync(fd).mode;
      text = readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
    if (process.platform !== "win32" && (mode & 0o077) !== 0) return { text, warning: `key file ${file} is readable by others; run chmod 600 ${file}` };
    return { text };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new HushError("FILE_NOT_FOUND", `${what.name} ${file} does not exist`, { file, hint: what.hint });
    throw new HushError("FILE_READ_FAILED", `cannot read ${what.name} ${file} (${code ?? "error"})`, { file, cause });
  }
}
