// Configuration-shaped YAML for fuzzing the fast config reader against the
// yaml library: mostly lines a person writes in .hush.yaml or a stack file
// (keys, values, dashes, comments, flow lists), with every kind of YAML the
// fast reader must hand over mixed in (anchors, escapes, block scalars, tabs...).
import fc from "fast-check";
import { ALICE, BOB } from "./keys.js";

const keys = [
  "version",
  "users",
  "alice",
  "bob",
  "recipients",
  "email",
  "shared",
  "readers",
  "escrow",
  "default_stack",
  "secrets_dir",
  "env",
  "components",
  "tracker",
  "flavor",
  "DATABASE_URL",
  "A",
  "a.b",
  "x-y",
  "_",
  "1",
  "true",
  "null",
  "a b",
  "__proto__",
  "<<",
  "constructor",
];
const values = [
  "1",
  "0",
  "2",
  "007",
  "-3",
  "+1",
  "1.5",
  "1e3",
  ".5",
  "1.",
  "0x1F",
  "0o17",
  ".inf",
  "-.inf",
  ".nan",
  "1_000",
  "12345678901234567890",
  "true",
  "True",
  "TRUE",
  "false",
  "yes",
  "no",
  "~",
  "null",
  "Null",
  "NULL",
  "2024-01-02",
  "user",
  "shared",
  "default",
  "*",
  "-x",
  "-",
  "+",
  "mlflow",
  "https://x.example/a?b=c",
  "a:b",
  "a: b",
  "a:",
  "a #b",
  "a#b",
  "a,b",
  "a[b]",
  "{{db.user}}",
  "x {{db.user}} y",
  "{{bad",
  '"{{mlflow.token}}"',
  '"*"',
  '"a # b"',
  '"a\\nb"',
  '"a\'b"',
  '""',
  "''",
  "'it''s'",
  "'a \"b\"'",
  "'{{db.password}}'",
  '"x" y',
  '"unclosed',
  "[]",
  "[ ]",
  "[a]",
  "[a, b]",
  '["*"]',
  "[a, ]",
  "[a:b]",
  "[[a]]",
  "[a, 'b c', \"d\"]",
  `[${ALICE.recipient}]`,
  `[${ALICE.recipient}, ${BOB.recipient}]`,
  "{}",
  "{a: b}",
  "|",
  "|-",
  ">",
  "&anchor x",
  "*anchor",
  "!!str 1",
  "? x",
  "@x",
  "`x`",
  "%x",
  ALICE.recipient,
  BOB.recipient,
  "age1notarecipient",
  "alice@example.com",
];
const comments = ["", "", "", " # comment", "  #c", " #"];

const key = fc.constantFrom(...keys);
const value = fc.tuple(fc.constantFrom(...values), fc.constantFrom(...comments)).map(([v, c]) => v + c);
const indent = fc.constantFrom("", "", "  ", "  ", "    ", "      ", " ", "   ");
const content = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`) },
  { weight: 4, arbitrary: fc.tuple(key, fc.constantFrom(...comments)).map(([k, c]) => `${k}:${c}`) },
  { weight: 2, arbitrary: value.map((v) => `- ${v}`) },
  { weight: 1, arbitrary: fc.tuple(key, value).map(([k, v]) => `- ${k}: ${v}`) },
  { weight: 1, arbitrary: fc.constantFrom("# a comment", "#", "", "---", "...", "- ", "-", "key :x", "key:x", "\tkey: x", "key: x\r", "clé: x", "a: b\tc") },
);
const line = fc.tuple(indent, content).map(([i, c]) => i + c);
const first = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
  key.map((k) => `${k}:`),
  fc.constant("# header"),
);

/** A whole file, with or without a final newline. */
export const configYaml: fc.Arbitrary<string> = fc
  .tuple(first, fc.array(line, { maxLength: 10 }), fc.boolean())
  .map(([f, ls, newline]) => [f, ...ls].join("\n") + (newline ? "\n" : ""));

/** A well-indented tree (maps, block and flow lists, scalars), with comment and blank lines between its lines. */
export const structuredConfigYaml: fc.Arbitrary<string> = fc
  .letrec<{ node: string[]; map: string[]; seq: string[] }>((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("map"), tie("seq")),
    map: fc
      .array(
        fc.tuple(
          key,
          fc.oneof(
            value.map((v) => [` ${v}`]),
            tie("node"),
            fc.constant([]),
          ),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((entries) => entries.flatMap(([k, v]) => (v.length === 1 && v[0]!.startsWith(" ") ? [`${k}:${v[0]}`] : [`${k}:`, ...v.map((l) => `  ${l}`)]))),
    seq: fc
      .array(
        fc.oneof(
          value.map((v) => [`- ${v}`]),
          tie("map").map((m) => [`- ${m[0]}`, ...m.slice(1).map((l) => `  ${l}`)]),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((items) => items.flat()),
  }))
  .map.chain((lines) =>
    fc
      .tuple(
        fc.array(fc.constantFrom("", "# note", "  # indented note", "   "), { minLength: lines.length, maxLength: lines.length }),
        fc.array(fc.boolean(), { minLength: lines.length, maxLength: lines.length }),
      )
      .map(([extras, take]) => lines.flatMap((l, i) => (take[i] && i > 0 ? [extras[i]!, l] : [l])).join("\n") + "\n"),
  );
