import test from "ava";
import fc from "fast-check";
import { isPlain, trustsPlain } from "../../src/logger/_plain.ts";
import { quote } from "../../src/logger/_escape.ts";
import { createRedactor } from "../../src/logger/mod.ts";
import { runs } from "../fixtures/runs.ts";

const redactor = createRedactor();

test("isPlain() accepts ordinary text, ids and non-ASCII letters", (t) => {
  const plain = [
    "",
    "Tool call finished",
    "s-42",
    "grep",
    "task ask desk skip",
    "because the session expired",
    "eye gh_ git xo Bear",
    "http:/host",
    "c0ffee-1234-5678-abcd",
    "café über 東京",
    "a:b",
  ];
  t.deepEqual(plain.filter((text) => !isPlain(text)), []);
});

test("isPlain() rejects text to escape: quotes, backslashes, controls, separators, bidi", (t) => {
  const escaped = [
    'say "hi"',
    "C:\\path",
    "line\nbreak",
    "tab\there",
    "nul\0",
    "del\x7f",
    "c1\u009b",
    "ls\u2028",
    "ps\u2029",
    "bidi\u202e",
    "isolate\u2066",
    "mark\u200f",
    "emoji 😀",
    "lone \ud800",
  ];
  t.deepEqual(escaped.filter((text) => isPlain(text)), []);
});

test("isPlain() rejects every start of a built-in credential pattern", (t) => {
  const secret = [
    "sk-",
    "use sk-abcdefgh12345678",
    "ghp_",
    "gho_x",
    "github_pat_",
    "AKIA",
    "ASIAX",
    "eyJ",
    "xox",
    "Bearer",
    "bearer abc",
    "(Bearer x)",
    "postgres://app:pw@db",
    "a://",
  ];
  t.deepEqual(secret.filter((text) => isPlain(text)), []);
});

test("isPlain() looks for credential prefixes only at a word start", (t) => {
  t.true(isPlain("risk-free askance"));
  t.true(isPlain("xAKIA zeyJ ugh_"));
  t.false(isPlain("risk sk-free"));
  t.false(isPlain("ok.eyJhbGciOiJIUzI1NiJ9"));
});

const fragments = fc.constantFrom(
  "sk-",
  "ghp_",
  "ghs_",
  "github_pat_",
  "AKIA",
  "ASIA",
  "eyJ",
  "xoxb-",
  "Bearer ",
  "bearer ",
  "://",
  ":",
  "@",
  ".",
  "-",
  "_",
  " ",
  "é",
  '"',
  "\\",
  "\n",
  "\u2028",
  "abcdefghijklmnop",
  "ABCDEFGHIJKLMNOP0123",
  "a",
  "0",
);
const texts = fc.oneof(
  fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 60 }),
);

test("isPlain() never accepts text that the redactor or the escaper would change", (t) => {
  fc.assert(
    fc.property(texts, (text) => {
      return !isPlain(text) || (redactor.text(text) === text && quote(text) === `"${text}"`);
    }),
    { numRuns: runs(5000) },
  );
  t.pass();
});

test("trustsPlain() trusts built-in redactors only", (t) => {
  t.true(trustsPlain(createRedactor()));
  t.true(trustsPlain(createRedactor(false)));
  t.true(trustsPlain(createRedactor({ defaults: false, keys: ["pin"] })));
  t.false(trustsPlain(createRedactor({ patterns: [/\d{4}/] })));
  t.false(trustsPlain({ censor: "x", key: () => false, text: (text) => text }));
});
