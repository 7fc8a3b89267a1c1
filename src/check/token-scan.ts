/**
 * Tokens and credentials other than private keys (AWS, GCP, GitHub, Slack,
 * npm, OpenAI, connection strings with passwords, ...): secretlint's
 * recommended preset, the rule set the field maintains, rather than regexes
 * of our own. Loaded only when there is a text file to scan (~40 ms to load;
 * see the check-repo bench). Its private-key rule is off (leaked-keys.ts
 * covers more: EC and encrypted keys, any case, UTF-16), and so is its
 * comment filter: a `secretlint-disable` comment written by whoever commits
 * must not switch the check off. Never prints the value: rule and place only.
 */
import type { Problem } from "../errors.js";

/** A text to scan: a file's name and its content (or one end of a large file), and the line that text starts on. */
export interface TokenScanInput {
  file: string;
  text: string;
  /** A number, or how to learn it (the tail of a large file: asked only when something is found there). */
  firstLine: number | (() => Promise<number>);
}

const OFF = ["@secretlint/secretlint-rule-privatekey", "@secretlint/secretlint-rule-filter-comments"];

/** Every token secretlint's recommended preset finds in `inputs`, as problems. Loads secretlint only when `inputs` is not empty. */
export async function findTokens(inputs: readonly TokenScanInput[]): Promise<Problem[]> {
  if (!inputs.length) return [];
  const [{ lintSource }, { creator }] = await Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]);
  // The preset's rules one by one: secretlint 12 ignores `disabled` on a preset's own rules.
  const config = { rules: creator.rules.filter((rule) => !OFF.includes(rule.meta.id)).map((rule) => ({ id: rule.meta.id, rule })) };
  const problems: Problem[] = [];
  for (const input of inputs) {
    const ext = /\.[^./]+$/.exec(input.file)?.[0] ?? "";
    const result = await lintSource({ source: { filePath: input.file, content: input.text, ext, contentType: "text" }, options: { config, maskSecrets: true } });
    const firstLine = result.messages.length && typeof input.firstLine === "function" ? await input.firstLine() : (input.firstLine as number);
    for (const m of result.messages) {
      const rule = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
      problems.push({
        file: input.file,
        line: firstLine + m.loc.start.line - 1,
        col: m.loc.start.column + 1,
        message: `contains what looks like a credential (${m.messageId}, secretlint rule ${rule})`,
        hint: "unstage it (`git restore --staged`), store the value with `hush secret create NAME --KEY=...` and reference it as {{NAME.KEY}}; if it was ever pushed, revoke it",
        code: "CHECK_FAILED",
      });
    }
  }
  return problems;
}
