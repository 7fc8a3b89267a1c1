/** What `edit` of a new file starts from: sops's example document in each format. */
import { getFormat, type EmitOptions, type FormatName } from "../formats/index.js";

const WELCOME = "Welcome to SOPS! Edit this file as you please!";

const EXAMPLES: Record<FormatName, string> = {
  yaml: `hello: ${WELCOME}\nexample_key: example_value\n# Example comment\nexample_array:\n    - example_value1\n    - example_value2\nexample_number: 1234.56789\nexample_booleans:\n    - true\n    - false\n`,
  json: `{\n\t"hello": "${WELCOME}",\n\t"example_key": "example_value",\n\t"example_array": [\n\t\t"example_value1",\n\t\t"example_value2"\n\t],\n\t"example_number": 1234.56789,\n\t"example_booleans": [\n\t\ttrue,\n\t\tfalse\n\t]\n}\n`,
  dotenv: `hello=${WELCOME}\nexample_key=example_value\n`,
  ini: `[Section]\nhello       = ${WELCOME}\nexample_key = example_value\n`,
  binary: `${WELCOME}\n`,
};

/**
 * The example text for `format` (UTF-8), laid out per `emit` (sops's
 * EmitExample writes through the store, with its stores indent).
 */
export async function exampleDocument(format: FormatName, emit: EmitOptions = {}): Promise<Uint8Array> {
  const text = new TextEncoder().encode(EXAMPLES[format]);
  if (emit.indent === undefined || (format !== "yaml" && format !== "json")) return text;
  const store = await getFormat(format);
  return store.emit(store.parse(text).document, undefined, emit);
}
