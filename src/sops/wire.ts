/**
 * The `sops:` block as plain data, exactly as it sits in a file: sops's own
 * key names, strings/numbers/booleans/lists/maps. `sops/metadata.ts` turns it
 * into the model and back; formats only move it (dotenv and INI flatten it,
 * spec §5.4).
 */
export type WireValue = string | number | boolean | null | WireValue[] | WireMap;
export interface WireMap {
  [key: string]: WireValue;
}
