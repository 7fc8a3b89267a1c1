/** Input and output formats of a file operation (spec §9): `--input-type`/`--output-type`, else the path's suffix. */
import { HushError } from "../errors.js";
import { detectFormat, isFormatName, type FormatName } from "../formats/index.js";

export interface TypeOptions {
  /** yaml, json, dotenv, ini or binary; default by the file's suffix. */
  inputType?: string;
  /** Default: the input type. */
  outputType?: string;
  /** Path whose suffix decides the format (and the creation rule) when the input is stdin. */
  filenameOverride?: string;
}

/** @throws HushError USAGE for a type that is not a format name */
export function formatsOf(file: string, options: TypeOptions): { input: FormatName; output: FormatName } {
  for (const [flag, value] of [["--input-type", options.inputType], ["--output-type", options.outputType]] as const) {
    if (value !== undefined && !isFormatName(value)) {
      throw new HushError("USAGE", `${flag} ${value} is not a format`, { hint: "use yaml, json, dotenv, ini or binary" });
    }
  }
  const named = options.filenameOverride ?? (file === "-" ? undefined : file);
  const input = detectFormat(named, options.inputType);
  return { input, output: options.outputType !== undefined ? detectFormat(named, options.outputType) : input };
}
