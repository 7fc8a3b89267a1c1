import type { Document } from "../sops/tree.js";
import type { WireMap } from "../sops/wire.js";

export type { WireMap, WireValue } from "../sops/wire.js";

/** The file types sops knows (spec §9: chosen by suffix, or --input-type/--output-type). */
export type FormatName = "yaml" | "json" | "dotenv" | "ini" | "binary";

export interface EmitOptions {
  /** YAML: spaces (default 4); JSON: spaces, -1 or undefined for a TAB (sops's `stores.*.indent`). */
  indent?: number;
}

/**
 * One file type: bytes <-> tree. A format knows nothing of encryption; it
 * only keeps what sops keeps (order, comments, types) and places the metadata
 * where sops places it (spec §5.3).
 */
export interface Format {
  readonly name: FormatName;
  /**
   * Parses a file into branches. When the file holds a sops block, it is
   * removed from the tree and returned apart (first YAML document's block).
   * @throws HushError PARSE_ERROR (with file/line/col where known), UNSUPPORTED_VALUE
   */
  parse(bytes: Uint8Array, file?: string): { document: Document; metadata: WireMap | undefined };
  /** Writes branches, appending the sops block when given (to every YAML document). */
  emit(document: Document, metadata: WireMap | undefined, options?: EmitOptions): Uint8Array;
}
