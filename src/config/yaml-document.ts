/**
 * The yaml library's parseDocument for YAML a person or a committer wrote
 * (`.hush.yaml`, stack files, `.sops.yaml`, `--values`), hardened:
 * - nothing is printed: the library's warnings (an unknown tag, a map used as
 *   a key) would otherwise reach stderr as a Node warning with a stack trace;
 * - deep nesting is an error in `doc.errors`, never a thrown RangeError (the
 *   library's parser recurses once per level and overflows near 800);
 * - with `refuseUnknownTags`, a tag the library cannot resolve (`!custom x`)
 *   is an error too, instead of a value whose tag is silently dropped.
 * Callers read `doc.errors` as before; each message is one line.
 */
import { Document, YAMLParseError, parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import { MAX_NESTING_DEPTH } from "../formats/nesting.js";

export type UserYamlOptions = ParseOptions &
  DocumentOptions &
  SchemaOptions & {
    /** Turn TAG_RESOLVE_FAILED warnings into errors (hush's own files; sops accepts tags in `.sops.yaml`). */
    refuseUnknownTags?: boolean;
  };

const TOO_DEEP = `maps and lists nested too deeply (hush reads at most ${MAX_NESTING_DEPTH} levels)`;

/** parseDocument with the guarantees above. @throws never for any input text */
export function parseUserYaml(text: string, options: UserYamlOptions = {}): Document.Parsed {
  const { refuseUnknownTags = false, ...rest } = options;
  // logLevel "error": errors still land in doc.errors, warnings are never printed (toJS included).
  const parseOptions = { prettyErrors: false, ...rest, logLevel: "error" as const };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, parseOptions);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    doc = new Document(null, parseOptions) as Document.Parsed;
    doc.errors.push(new YAMLParseError([0, 0], "RESOURCE_EXHAUSTION", TOO_DEEP));
    return doc;
  }
  for (const error of doc.errors) if (error.code === "RESOURCE_EXHAUSTION") error.message = TOO_DEEP;
  if (refuseUnknownTags) {
    for (const warning of doc.warnings) {
      if (warning.code !== "TAG_RESOLVE_FAILED") continue;
      const tag = (/tag: (\S+)/.exec(warning.message)?.[1] ?? "").replace(/^tag:yaml\.org,2002:/, "!!");
      doc.errors.push(
        new YAMLParseError(
          warning.pos,
          "TAG_RESOLVE_FAILED",
          `unknown YAML tag "${tag}": hush files hold plain values; remove the tag (quote the value to keep "!" in it)`,
        ),
      );
    }
  }
  return doc;
}
