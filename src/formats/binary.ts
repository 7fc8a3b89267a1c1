/**
 * The binary store (spec §1.7): the whole file is one string under `data`;
 * encrypted, it is a JSON object `{"data": "ENC[…]", "sops": {…}}`.
 */
import { HushError } from "../errors.js";
import { Branch } from "../sops/tree.js";
import type { Format } from "./format.js";
import { jsonFormat, parseJsonBranch, takeSopsBlock } from "./json.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes raw file bytes: a string when they are UTF-8, else the bytes themselves. */
function rawLeaf(bytes: Uint8Array): string | Uint8Array {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes;
  }
}

/** The binary store: raw bytes in, a JSON envelope out. */
export const binaryFormat: Format = {
  name: "binary",
  parse(bytes, file) {
    // An encrypted binary file is JSON with a sops block; anything else is raw data.
    if (looksLikeJsonObject(bytes)) {
      try {
        const branch = parseJsonBranch(bytes, file);
        const metadata = takeSopsBlock(branch);
        if (metadata) return { document: [branch], metadata };
      } catch (e) {
        if (!(e instanceof HushError)) throw e;
      }
    }
    return { document: [new Branch([{ key: "data", value: rawLeaf(bytes) }])], metadata: undefined };
  },
  emit(document, metadata, options) {
    if (metadata) return jsonFormat.emit(document, metadata, options);
    // Plaintext: the raw bytes of `data`, nothing added.
    const data = document[0]?.get("data");
    if (typeof data === "string") return new TextEncoder().encode(data);
    if (data instanceof Uint8Array) return data;
    throw new HushError("UNSUPPORTED_VALUE", "a binary file's tree must hold one string under `data`");
  },
};

function looksLikeJsonObject(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b;
  }
  return false;
}
