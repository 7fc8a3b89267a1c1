/**
 * A value or comment as sops writes it encrypted: exactly one
 * `ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]` and nothing around it
 * (spec §2). sops's own decrypt matches only the start, so text after the
 * closing bracket would ride along in clear.
 */
const ENC = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:(?:str|int|float|bool|bytes|time|comment)\]$/;

/** Whether `text` is one whole, well-formed ENC[...] value. */
export function isEncValue(text: string): boolean {
  return ENC.test(text);
}
