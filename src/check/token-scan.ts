/**
 * Tokens and credentials other than private keys (AWS, GCP, GitHub, Slack,
 * npm, OpenAI, connection strings with passwords, ...): secretlint's
 * recommended preset, the rule set the field maintains, rather than regexes
 * of our own. Loaded only when there is a text file to scan. Its
 * private-key rule is off (leaked-keys.ts covers more: EC and encrypted
 * keys, any case, UTF-16), and so is its comment filter: a
 * `secretlint-disable` comment written by whoever commits must not switch
 * the check off. Never prints the value: rule and place only.
 *
 * secretlint costs ~1 ms per call whatever the size (it sets up every rule
 * per source), so ordinary files are scanned together: joined, with a NUL
 * line between them (no rule's pattern crosses it), and each finding mapped
 * back to its file and line. Files whose name a rule looks at (JSON, .p12,
 * package.json, .npmrc) are scanned one by one.
 */
import type { Problem } from "../errors.js";
import { lastAtOrBefore } from "../sys/sorted-search.js";

/** A text to scan: a file's name and its content (or one end of a large file), and the line that text starts on. */
export interface TokenScanInput {
  file: string;
  text: string;
  /** A number, or how to learn it (the tail of a large file: asked only when something is found there). */
  firstLine: number | (() => Promise<number>);
}

const OFF = ["@secretlint/secretlint-rule-privatekey", "@secretlint/secretlint-rule-filter-comments"];
const SEPARATOR = "\n\u0000\n";
/** Texts joined into one source up to this size (secretlint scans ~80 MB/s). */
const BATCH_BYTES = 4 << 20;

/** Every token secretlint's recommended preset finds in `inputs`, as problems. Loads secretlint only when `inputs` is not empty. */
export async function findTokens(inputs: readonly TokenScanInput[]): Promise<Problem[]> {
  if (!inputs.length) return [];
  const [{ lintSource }, { creator }] = await Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]);
  // The preset's rules one by one: secretlint 12 ignores `disabled` on a preset's own rules.
  const config = { rules: creator.rules.filter((rule) => !OFF.includes(rule.meta.id)).map((rule) => ({ id: rule.meta.id, rule })) };
  const lint = async (name: string, content: string): Promise<Array<{ line: number; col: number; what: string }>> => {
    const ext = /\.[^./]+$/.exec(name)?.[0] ?? "";
    // A path that names no real file: a rule that reads its file from disk (GCP .p12) must not read through a link.
    const result = await lintSource({ source: { filePath: `hush-check:/${name}`, content, ext, contentType: "text" }, options: { config, maskSecrets: true } });
    return result.messages.map((m) => ({ line: m.loc.start.line, col: m.loc.start.column + 1, what: `${m.messageId}, secretlint rule ${m.ruleId.replace(/^@secretlint\/secretlint-rule-/, "")}` }));
  };
  const problems: Problem[] = [];
  const report = async (input: TokenScanInput, line: number, col: number, what: string): Promise<void> => {
    const first = typeof input.firstLine === "function" ? await input.firstLine() : input.firstLine;
    problems.push({
      file: input.file,
      line: first + line - 1,
      col,
      message: `contains what looks like a credential (${what})`,
      hint: "unstage it (`git restore --staged`), store the value with `hush secret create NAME --KEY=...` and reference it as {{NAME.KEY}}; if it was ever pushed, revoke it",
      code: "TOKEN_LEAKED",
    });
  };
  const alone = inputs.filter((i) => namedByRules(i.file));
  for (const input of alone) for (const m of await lint(input.file, input.text)) await report(input, m.line, m.col, m.what);
  for (const batch of batches(inputs.filter((i) => !namedByRules(i.file)))) {
    // Where each text starts in the joined source, in lines.
    const starts: number[] = [];
    let line = 1;
    for (const input of batch) {
      starts.push(line);
      line += countLines(input.text) + 2; // the text, then the separator's NUL line
    }
    const found = await lint("batch.txt", batch.map((i) => i.text).join(SEPARATOR));
    for (const m of found) {
      const index = lastAtOrBefore(starts, m.line);
      await report(batch[index]!, m.line - starts[index]! + 1, m.col, m.what);
    }
  }
  return problems;
}

/** Rules that look at the file's name or extension (GCP: .json, .p12; npm: package.json, .npmrc). */
function namedByRules(file: string): boolean {
  return /\.(json|p12)$|(^|\/)(package\.json|package-lock\.json|\.npmrc)$/.test(file);
}

function* batches(inputs: readonly TokenScanInput[]): Generator<TokenScanInput[]> {
  let batch: TokenScanInput[] = [];
  let size = 0;
  for (const input of inputs) {
    if (batch.length && size + input.text.length > BATCH_BYTES) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(input);
    size += input.text.length;
  }
  if (batch.length) yield batch;
}

/** Lines in `text` minus one (its `\n` count): the next text starts that many lines further on. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

