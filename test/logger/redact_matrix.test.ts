// Every credential form and secret key spelling the README promises, one by one, in every place a
// record can carry it and in every format: the secret text never reaches the line and the censor
// does. Each credential pattern (each letter of `gh[pousr]_` and `xox[abposr]-` included), each
// key word and each measurement word that keeps token counts visible has its own cases, so
// removing any single one from _credentials.ts, _plain.ts or secret_key.ts fails a test here.

import test from "ava";
import {
  createLogger,
  type Logger,
  type LoggerOptions,
  withMetadata,
} from "../../src/logger/mod.ts";
import { fixedTime } from "./fixtures/capture.ts";

const censor = "[REDACTED]";

/** The formats: the three built-in ones and a custom formatter, given the sanitised record. */
const formats: Readonly<Record<string, LoggerOptions>> = {
  json: { format: "json" },
  pretty: { format: "pretty", colors: false, callSite: false },
  minimal: { format: "minimal" },
  custom: { format: (record) => JSON.stringify(record) },
};

/** What one place logged, in one format: the lines written. */
function logged(format: LoggerOptions, place: Place, value: string): string {
  const lines: string[] = [];
  const make = (module?: string): Logger =>
    createLogger({
      ...format,
      level: "debug",
      clock: () => fixedTime,
      sink: (line) => void lines.push(line),
      module,
    });
  place.log(make, value);
  return lines.join("\n");
}

/** A place a record carries a string: `log` logs `value` there with a logger from `make`. */
interface Place {
  readonly name: string;
  readonly log: (make: (module?: string) => Logger, value: string) => void;
}

// Credential values.

/** A credential: its text as logged, and the part of it that must never be written. */
interface Credential {
  readonly name: string;
  readonly text: string;
  readonly secret: string;
}

function whole(name: string, text: string): Credential {
  return { name, text, secret: text };
}

const credentials: readonly Credential[] = [
  whole("an OpenAI key sk-…", "sk-abcdefghijklmnop1234"),
  whole("an OpenAI project key sk-proj-…", "sk-proj-Ab12Cd34Ef56Gh78"),
  whole("an Anthropic key sk-ant-…", "sk-ant-api03-Zyxwvutsrqpo9876"),
  ...["ghp", "gho", "ghu", "ghs", "ghr"].map((prefix) =>
    whole(`a GitHub token ${prefix}_…`, `${prefix}_AbCdEfGhIjKlMnOpQrStUvWxYz012345`)
  ),
  whole("a GitHub fine-grained token github_pat_…", "github_pat_11ABCDEFG0_abcdefghijklmnopqrstu"),
  whole("an AWS access key id AKIA…", "AKIAIOSFODNN7EXAMPLE"),
  whole("an AWS temporary key id ASIA…", "ASIAY34FZKBOKMUTVV7A"),
  whole("a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"),
  ...["a", "b", "p", "o", "s", "r"].map((letter) =>
    whole(`a Slack token xox${letter}-…`, `xox${letter}-123456789012-AbCdEfGhIj`)
  ),
  whole("a Bearer credential", "Bearer abcDEF123.ghi-jkl_456"),
  whole("a bearer credential in lower case", "bearer Zyx987.wvu-tsr_654"),
  whole("a BEARER credential in upper case", "BEARER Qpo123.nml-kji_789"),
  {
    name: "a password in a postgres URL",
    text: "postgres://app:s3cr3t-pw@db:5432/main",
    secret: "s3cr3t-pw",
  },
  {
    name: "a password in an https URL",
    text: "https://ada:Lov3lace!@example.com/x",
    secret: "Lov3lace!",
  },
  {
    name: "a password in a mongodb+srv URL",
    text: "mongodb+srv://u:Mong0Pass@cluster0.example.net",
    secret: "Mong0Pass",
  },
  {
    name: "a password with no user in a redis URL",
    text: "redis://:R3disPass@cache:6379",
    secret: "R3disPass",
  },
];

const valuePlaces: readonly Place[] = [
  { name: "the message", log: (make, v) => make().info(`Call failed with ${v} in the header`) },
  { name: "a value", log: (make, v) => make().info("Call", { credential: v }) },
  {
    name: "a value's text",
    log: (make, v) => make().info("Call", { note: `header was ${v} today` }),
  },
  {
    name: "a nested value",
    log: (make, v) => make().info("Call", { request: { headers: [{ value: v }] } }),
  },
  { name: "a key", log: (make, v) => make().info("Call", { [v]: 1 }) },
  { name: "a nested key", log: (make, v) => make().info("Call", { seen: { [v]: true } }) },
  { name: "a Map value", log: (make, v) => make().info("Call", { cache: new Map([["k", v]]) }) },
  { name: "the module name", log: (make, v) => make(v).info("Call") },
  { name: "bound metadata", log: (make, v) => make().child({ bound: v }).info("Call") },
  {
    name: "withMetadata()",
    log: (make, v) => withMetadata({ scope: v }, () => make().info("Call")),
  },
  {
    name: "an error's message and stack",
    log: (make, v) => make().error("Call", { error: new Error(`Rejected ${v}`) }),
  },
];

for (const credential of credentials) {
  test(`createLogger() redacts ${credential.name} in every place and format`, (t) => {
    const leaks: string[] = [];
    for (const [formatName, format] of Object.entries(formats)) {
      for (const place of valuePlaces) {
        const line = logged(format, place, credential.text);
        if (line.includes(credential.secret) || !line.includes(censor)) {
          leaks.push(`${place.name} (${formatName}): ${line}`);
        }
      }
    }
    t.deepEqual(leaks, []);
  });
}

// Secret keys: each key word of secret_key.ts, in every spelling.

/**
 * A key made of `words` (lower case) in each spelling a caller may use; for a secret word that
 * counts wherever it appears (`contains`), run into other words too.
 */
function spellings(words: readonly string[], contains: boolean): string[] {
  const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
  const snake = words.join("_");
  const run = words.join("");
  const mixed = [...run].map((c, i) => (i % 2 === 0 ? c : c.toUpperCase())).join("");
  return [
    snake,
    words[0] + words.slice(1).map(cap).join(""), // camelCase
    words.map(cap).join(""), // PascalCase
    snake.toUpperCase(),
    words.join("-"),
    words.join("."),
    words.join(" "),
    run,
    run.toUpperCase(),
    mixed,
    `${snake}s`, // plural
    `${snake}2`, // numbered
    `x-${words.join("-")}`, // a header
    `db_${snake}`, // a prefix
    `${snake}_value`, // a suffix
    words.join(":"), // a configuration path (ASP.NET's `OpenAI:ApiKey`)
    ...(contains ? [`openai${run}`, `${run}value`] : []),
  ];
}

/** The key words of secret_key.ts: those that count wherever they appear, then the others. */
const containedWords: readonly (readonly string[])[] = [
  ["password"],
  ["passwd"],
  ["passphrase"],
  ["secret"],
  ["client", "secret"],
  ["authorization"],
  ["proxy", "authorization"],
  ["cookie"],
  ["set", "cookie"],
  ["credential"],
  ["bearer"],
  ["api", "key"],
  ["private", "key"],
];
const keyWords: readonly (readonly string[])[] = [
  ["secret", "key"],
  ["access", "key"],
  ["signing", "key"],
  ["encryption", "key"],
  ["client", "key"],
  ["master", "key"],
  ["session", "key"],
  ["token"],
  ["access", "token"],
  ["refresh", "token"],
  ["id", "token"],
  ["auth", "token"],
];

const keyValue = "hunter2-plain-value";

/** The places a key can be: each logs `{ [key]: keyValue }` somewhere in a record. */
const keyPlaces: readonly Place[] = [
  { name: "top level", log: (make, k) => make().info("Call", { [k]: keyValue }) },
  { name: "nested", log: (make, k) => make().info("Call", { outer: { [k]: keyValue } }) },
  { name: "in an array", log: (make, k) => make().info("Call", { list: [{ [k]: keyValue }] }) },
  { name: "a Map key", log: (make, k) => make().info("Call", { map: new Map([[k, keyValue]]) }) },
  { name: "bound", log: (make, k) => make().child({ [k]: keyValue }).info("Call") },
  {
    name: "withMetadata()",
    log: (make, k) => withMetadata({ [k]: keyValue }, () => make().info("Call")),
  },
  {
    name: "an error's field",
    log: (make, k) =>
      make().error("Call", { error: Object.assign(new Error("Rejected"), { [k]: keyValue }) }),
  },
];

for (const words of [...containedWords, ...keyWords]) {
  test(`createLogger() redacts ${words.join(" ")} keys in every spelling, place and format`, (t) => {
    const leaks: string[] = [];
    for (const key of spellings(words, containedWords.includes(words))) {
      for (const [formatName, format] of Object.entries(formats)) {
        for (const place of keyPlaces) {
          const line = logged(format, place, key);
          if (line.includes(keyValue) || !line.includes(censor)) {
            leaks.push(`${JSON.stringify(key)} ${place.name} (${formatName}): ${line}`);
          }
        }
      }
    }
    t.deepEqual(leaks, []);
  });
}

// Token counts stay visible: each measurement word of secret_key.ts beside `token`.

const measurementWords = [
  "input",
  "output",
  "prompt",
  "completion",
  "total",
  "max",
  "min",
  "num",
  "cached",
  "cache",
  "reasoning",
  "count",
  "usage",
  "used",
  "limit",
  "budget",
  "length",
  "type",
  "estimate",
];

/** Keys that put `word` beside token(s), in the spellings token counts come in. */
function countKeys(word: string): string[] {
  const cap = word[0].toUpperCase() + word.slice(1);
  return [
    `${word}_tokens`,
    `${word}Tokens`,
    `${word.toUpperCase()}_TOKENS`,
    `${word}-tokens`,
    `${word}tokens`,
    `${word}_token`,
    `token_${word}`,
    `token${cap}`,
    `tokens_${word}`,
  ];
}

for (const word of measurementWords) {
  test(`createLogger() keeps ${word} token counts visible in every spelling, place and format`, (t) => {
    const hidden: string[] = [];
    for (const key of countKeys(word)) {
      for (const [formatName, format] of Object.entries(formats)) {
        for (const place of keyPlaces) {
          const line = logged(format, place, key);
          if (!line.includes(keyValue) || line.includes(censor)) {
            hidden.push(`${key} ${place.name} (${formatName}): ${line}`);
          }
        }
      }
    }
    t.deepEqual(hidden, []);
  });
}
