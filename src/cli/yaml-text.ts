/**
 * Plain YAML for printing data (`stack resolve`). Its own module so that the
 * yaml library loads only for the commands that print YAML, and statically
 * imported here: the CLI bundle cannot give a dynamic import of a CommonJS
 * package its named exports.
 */
import { stringify } from "yaml";

/** `value` as a YAML document. */
export function yamlText(value: unknown): string {
  return stringify(value);
}
