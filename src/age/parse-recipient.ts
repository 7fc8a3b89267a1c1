/**
 * The Recipient of a recipient string: native X25519 (`age1...`) and SSH
 * (`ssh-ed25519 ...`, `ssh-rsa ...`, loaded only then), age-encryption for
 * the kinds it knows and hush does not (typage-fallback.ts, loaded only then).
 */
import type { Recipient } from "./interfaces.js";
import { isX25519Recipient, X25519Recipient } from "./x25519-wrap.js";

/**
 * The Recipient `text` names.
 * @throws HushError RECIPIENT_INVALID naming the recipient (malformed, a kind neither hush nor age-encryption knows)
 */
export async function parseRecipient(text: string): Promise<Recipient> {
  if (isX25519Recipient(text)) return new X25519Recipient(text);
  if (text.startsWith("ssh-")) return new (await import("./ssh-wrap.js")).SshRecipient(text); // sops's test: prefix `ssh-`
  return (await import("./typage-fallback.js")).typageRecipient(text);
}
