import test from "ava";
import fc from "fast-check";
import { createRedactor, isSecretKey } from "../../src/logger/mod.ts";
import { capture, jsonHead } from "./fixtures/capture.ts";
import { runs, runsScale } from "../fixtures/runs.ts";

const json = { env: "production" as const };

test("isSecretKey() flags secret-looking keys in any case and spelling", (t) => {
  const secret = [
    "api_key",
    "apiKey",
    "API_KEY",
    "ApiKey",
    "APIKey",
    "apikey",
    "x-api-key",
    "authorization",
    "Authorization",
    "proxy-authorization",
    "password",
    "PASSWORD",
    "db_password",
    "token",
    "accessToken",
    "refresh_token",
    "x-auth-token",
    "id_token",
    "secret",
    "client_secret",
    "clientSecret",
    "private_key",
    "set-cookie",
    "credentials",
    "tokens",
  ];
  t.deepEqual(secret.filter((key) => !isSecretKey(key)), []);
});

test("isSecretKey() leaves token measurements and ordinary keys visible", (t) => {
  const visible = [
    "input_tokens",
    "output_tokens",
    "inputTokens",
    "token_count",
    "tokenCount",
    "total_tokens",
    "max_tokens",
    "cached_input_tokens",
    "prompt_token_count",
    "token_type",
    "tokenizer",
    "key",
    "cache_key",
    "session_id",
    "monkey",
    "author",
  ];
  t.deepEqual(visible.filter((key) => isSecretKey(key)), []);
});

test("createLogger() redacts secret keys, nested and inside arrays", (t) => {
  const { log, lines } = capture(json);
  log.info("Request", {
    headers: { Authorization: "Basic abc", "x-api-key": "k", accept: "json" },
    users: [{ name: "ada", password: "hunter2" }],
    usage: { input_tokens: 120, output_tokens: 30, token_count: 150 },
    accessToken: { nested: "object" },
  });
  t.deepEqual(lines, [
    jsonHead("info", "Request") +
    ',"headers":{"Authorization":"[REDACTED]","x-api-key":"[REDACTED]","accept":"json"},' +
    '"users":[{"name":"ada","password":"[REDACTED]"}],' +
    '"usage":{"input_tokens":120,"output_tokens":30,"token_count":150},"accessToken":"[REDACTED]"}',
  ]);
});

test("createLogger() redacts credential-looking values and substrings", (t) => {
  const { log, lines } = capture(json);
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
  log.info("Using sk-proj-abcdefgh12345678 now", {
    openai: "sk-abcdefghijklmnop1234",
    anthropic: "sk-ant-api03-abcdefghijklmnop",
    github: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    aws: "AKIAIOSFODNN7EXAMPLE",
    jwt,
    bearer: "Bearer abc.def-ghi_123",
    text: "call failed with key sk-abcdefghijklmnop in header",
    url: "postgres://app:s3cret@db:5432/main",
    list: ["ok", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
    plain: "sk-short",
  });
  t.deepEqual(lines, [
    jsonHead("info", "Using [REDACTED] now") +
    ',"openai":"[REDACTED]","anthropic":"[REDACTED]","github":"[REDACTED]","aws":"[REDACTED]",' +
    '"jwt":"[REDACTED]","bearer":"[REDACTED]","text":"call failed with key [REDACTED] in header",' +
    '"url":"postgres://app:[REDACTED]@db:5432/main","list":["ok","[REDACTED]"],' +
    '"plain":"sk-short"}',
  ]);
});

test("createLogger() redacts in the text formats too", (t) => {
  const { log, lines } = capture({ env: "test" });
  log.warn("Key sk-abcdefghijklmnop", { token: "t", tokens: 3, auth: { password: "p" } });
  t.deepEqual(lines, [
    '[warn] Key [REDACTED] token=[REDACTED] tokens=[REDACTED] auth={"password":"[REDACTED]"}',
  ]);
});

test("createLogger() takes extra keys, patterns and a censor, or redact: false", (t) => {
  const custom = capture({
    ...json,
    redact: { keys: ["sessionKey", /^internal_/], patterns: [/\d{4}-\d{4}/], censor: "***" },
  });
  custom.log.info("Card 1234-5678", {
    session_key: "a",
    internal_id: 1,
    password: "p",
    other: "ok",
  });
  t.deepEqual(custom.lines, [
    jsonHead("info", "Card ***") +
    ',"session_key":"***","internal_id":"***","password":"***","other":"ok"}',
  ]);
  const off = capture({ ...json, redact: false });
  off.log.info("sk-abcdefghijklmnop", { password: "p" });
  t.deepEqual(off.lines, [jsonHead("info", "sk-abcdefghijklmnop") + ',"password":"p"}']);
  const noDefaults = capture({ ...json, redact: { defaults: false, keys: ["pin"] } });
  noDefaults.log.info("m", { password: "p", pin: 1 });
  t.deepEqual(noDefaults.lines, [jsonHead("info", "m") + ',"password":"p","pin":"[REDACTED]"}']);
});

test("createLogger() never mutates the caller's metadata", (t) => {
  const { log } = capture(json);
  const metadata = Object.freeze({
    password: "p",
    nested: Object.freeze({ api_key: "sk-abcdefghijklmnop", list: Object.freeze([1]) }),
  });
  const before = structuredClone(metadata);
  log.child({ bound: 1 }).info("Frozen", metadata);
  t.deepEqual(metadata, before);
});

test("createLogger() never lets __proto__ or constructor keys reach Object.prototype", (t) => {
  const { log, lines } = capture(json);
  const hostile = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}');
  log.info("Proto", hostile);
  log.child(hostile).info("Child");
  const { log: text, lines: textLines } = capture({ env: "test", level: "info" });
  text.info("Text", hostile);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is(({} as Record<string, unknown>).x, undefined);
  const tail = ',"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}';
  t.deepEqual(lines, [jsonHead("info", "Proto") + tail, jsonHead("info", "Child") + tail]);
  t.deepEqual(textLines, [
    '[info] Text __proto__={"polluted":1} constructor={"prototype":{"x":1}}',
  ]);
});

test("createRedactor() caches key verdicts and leaves short text alone", (t) => {
  const redactor = createRedactor();
  t.true(redactor.key("apiKey"));
  t.true(redactor.key("apiKey"));
  t.is(redactor.text("short"), "short");
  t.is(redactor.censor, "[REDACTED]");
});

test("isSecretKey() catches run-together, plural and numbered spellings of secrets", (t) => {
  const secret = [
    "accesstoken",
    "ACCESSTOKEN",
    "authtoken",
    "secretkey",
    "password1",
    "passwords",
    "secrets",
    "apiKeys",
    "api_keys",
    "auth_tokens",
    "tokens",
  ];
  t.deepEqual(secret.filter((key) => !isSecretKey(key)), []);
});

test("isSecretKey() keeps the token counts of LLM usage visible", (t) => {
  const visible = [
    "input_tokens",
    "output_tokens",
    "token_count",
    "token_type",
    "total_tokens",
    "max_tokens",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "maxtokens",
    "tokens_used",
    "time_to_first_token",
    "timeToFirstToken",
    "tokens_per_second",
    "ms_per_token",
  ];
  t.deepEqual(visible.filter((key) => isSecretKey(key)), []);
});

test("createRedactor() redacts bearer credentials whatever the case of the scheme", (t) => {
  const redactor = createRedactor();
  t.is(
    redactor.text("a BEARER abcdef123456 b bearer\tabcdef123456 c BeArEr abcdef123456"),
    "a [REDACTED] b [REDACTED] c [REDACTED]",
  );
});

test("createRedactor() finds credentials in linear time in 100 KB of adversarial text", (t) => {
  const redactor = createRedactor();
  // Each input at n and 8n repetitions: linear work takes 8 times as long on the longer one,
  // quadratic work (the patterns these scanners replaced took seconds on 100 KB) 64 times. Time
  // is compared with time on the same machine, after a warm-up (the first runs of a scanner
  // take 20 times longer than once it is compiled) and the best of five, so load does not decide.
  // The mutation runner scans a fifth of the text (runsScale()): quadratic still shows as 64x.
  const reps = Math.round(25_000 * runsScale());
  const adversarial: [string, (n: number) => string][] = [
    ["-eyJ", (n) => "-eyJ".repeat(n)],
    ["eyJaaaaa.", (n) => "eyJaaaaa." + "-eyJaaaaa.".repeat(n / 2.5)],
    ["a.", (n) => "a.".repeat(2 * n) + "a://x"],
    ["a://x:", (n) => "a://x:".repeat(0.64 * n)],
    [" Bearer", (n) => " Bearer".repeat(0.56 * n)],
    ["bearer", (n) => "bearer" + " ".repeat(4 * n)],
    ["-sk-", (n) => "-sk-".repeat(n)],
  ];
  const best = (text: string) => {
    let least = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      redactor.text(text);
      least = Math.min(least, performance.now() - start);
    }
    return least;
  };
  for (const [name, make] of adversarial) {
    const short = make(reps / 8);
    const long = make(reps);
    t.true(long.length >= 3.84 * reps, `${name}: ${long.length} characters`);
    for (let i = 0; i < 10; i++) redactor.text(short);
    // The least of three ratios: quadratic work shows 64x in every one, a pause on a loaded
    // machine (CI runs test files side by side) inflates one.
    let ratio = Infinity;
    for (let trial = 0; trial < 3 && ratio >= 24; trial++) {
      ratio = Math.min(ratio, best(long) / Math.max(best(short), 0.05));
    }
    t.true(
      ratio < 24,
      `${JSON.stringify(name)}: 8 times the text took ${ratio.toFixed(1)} times as long`,
    );
  }
  t.is(
    redactor.text("x eyJhbGciOi.eyJzdWIiOi.c2ln y -eyJ-eyJabcde.fghij z"),
    "x [REDACTED] y -eyJ-eyJabcde.fghij z",
  );
  t.is(
    redactor.text("a.b+c://u:p@h x_y://u:p@h A://u:p@h s://u:p:q@h"),
    "a.b+c://u:[REDACTED]@h x_y://u:p@h A://u:p@h s://u:[REDACTED]@h",
  );
});

test("createRedactor() matches what the JWT and URL-password expressions match", (t) => {
  // The regular expressions the linear scanners replaced, as the reference on short texts.
  const jwt = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
  const url = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/g;
  const redactor = createRedactor({ censor: "#" });
  const text = fc.string({
    unit: fc.constantFrom("eyJ", "abcde", "a", "_", "-", ".", "://", ":", "/", "@", " ", "+", "A"),
    maxLength: 30,
    size: "max",
  });
  fc.assert(
    fc.property(text, (input) => {
      const expected = input.replace(jwt, "#").replace(url, (_m, head) => head + "#@");
      return redactor.text(input) === expected;
    }),
    { numRuns: runs(2000) },
  );
  t.pass();
});

test("createRedactor() matches the JWT and URL-password expressions at every character-class edge", (t) => {
  // The same reference, on texts built from the characters on each side of every class the
  // scanners test: word characters (\b), base64url, URL schemes, and each of \s's characters.
  const jwt = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
  const url = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/g;
  const redactor = createRedactor({ censor: "#" });
  const edges = [
    ..."`az{@AZ[/09:_-.,+*",
    ..."\b\t\n\v\f\r\x0e \u00a0\u1680\u167f\u1fff\u2000\u200a\u200b\u2028\u2029",
    ..."\u202f\u205f\u3000\ufeff\u2027\u202e",
  ];
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edges) },
    fc.constantFrom("eyJ", "abcd", "abcde", "://", "s://u:p@", "a:", ":", "@", "/"),
  );
  const text = fc.string({ unit, maxLength: 24, size: "max" });
  fc.assert(
    fc.property(text, (input) => {
      const expected = input.replace(jwt, "#").replace(url, (_m, head) => head + "#@");
      return redactor.text(input) === expected;
    }),
    { numRuns: runs(6000) },
  );
  // Each edge character in the places that decide: before a JWT, inside its runs, in a scheme,
  // before it, and in a URL's user and password.
  for (const c of edges) {
    const cases = [
      `${c}eyJabcde.fghij.k`,
      `eyJab${c}cde.fghij.k`,
      `eyJabcde.fg${c}hij.k`,
      `eyJabcde.fghij.k${c}l`,
      `${c}s://u:p@h`,
      `s${c}s://u:p@h`,
      `a${c}0://u:p@h`,
      `s://u${c}v:p@h`,
      `s://u:p${c}q@h`,
      `s://u:${c}@h`,
      `${c}://u:p@h`,
    ];
    for (const input of cases) {
      const expected = input.replace(jwt, "#").replace(url, (_m, head) => head + "#@");
      t.is(redactor.text(input), expected, JSON.stringify(input));
    }
  }
  // Runs one short of five, a separator that is not a dot, and a JWT whose last run is empty
  // followed by text shaped like one without its eyJ.
  for (
    const input of [
      "eyJabcd.efghi.j",
      "x eyJabcd.efghi.j",
      "eyJabcde.fghi.j",
      "eyJabcde.fgh.i",
      "eyJabcde,fghij.k",
      "eyJabcde.fghij,k",
      "eyJabcde.fghij. abcdefgh.ijklm.n",
      "eyJabcde.fghij.k eyJabcde.fghij.",
    ]
  ) {
    const expected = input.replace(jwt, "#").replace(url, (_m, head) => head + "#@");
    t.is(redactor.text(input), expected, JSON.stringify(input));
  }
});

test("isSecretKey() catches secret words whatever their mixed case", (t) => {
  const mixed = ["PassWord", "passWord", "pAssword", "ToKeN", "SeCrEt", "aPiKeY", "AuthoriZation"];
  t.deepEqual(mixed.filter((key) => !isSecretKey(key)), []);
  t.deepEqual(["inputTokens", "TokenCount", "maxTokens", "keyboard"].filter(isSecretKey), []);
});

test("createRedactor() options: global flags never make key or text rules skip, defaults: false keeps credentials", (t) => {
  // A key RegExp with the g flag would carry lastIndex from one key to the next.
  const keys = createRedactor({ keys: [/token/gi], defaults: false });
  t.deepEqual(["my_token", "token2", "TOKEN", "other"].map((k) => keys.key(k)), [
    true,
    true,
    true,
    false,
  ]);
  // A pattern without g still replaces every match.
  const patterns = createRedactor({ patterns: [/x\d/], defaults: false, censor: "#" });
  t.is(patterns.text("x1 x2 x3"), "# # #");
  t.is(createRedactor({ patterns: [/y\d/g], censor: "#" }).text("y1 y2"), "# #");
  // Without the defaults, credentials are the caller's business.
  t.is(createRedactor({ defaults: false }).text("Bearer abcdefghijkl"), "Bearer abcdefghijkl");
  const off = createRedactor(false);
  t.is(off.censor, "[REDACTED]");
  t.is(off.key("password"), false);
});
