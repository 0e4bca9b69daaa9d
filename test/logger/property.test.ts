import test from "ava";
import fc from "fast-check";
import { capture } from "./fixtures/capture.ts";
import { runs } from "../fixtures/runs.ts";

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom("\n", "\r", "\x1b", "\u009b", "\u2028", "\u202e", "a", "="),
    maxLength: 40,
  }),
);
const unsafe = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

test("jsonFormat() round-trips any message and value on one line", (t) => {
  fc.assert(
    fc.property(anyText, anyText, anyText, (message, key, value) => {
      const { log, lines } = capture({ env: "production", redact: false });
      log.info(message, { [key]: value });
      const record = JSON.parse(lines[0]);
      return lines.length === 1 && !unsafe.test(lines[0]) && record.msg === message &&
        (["time", "level", "msg", "pid", "hostname", "module", "caller"].includes(key) ||
          record[key] === value);
    }),
    { numRuns: runs(100) },
  );
  t.pass();
});

test("jsonFormat() writes one parseable line for any value", (t) => {
  fc.assert(
    fc.property(
      fc.anything({
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
      }),
      (value) => {
        const { log, lines } = capture({ env: "production" });
        log.info("Any", { value });
        JSON.parse(lines[0]);
        return lines.length === 1 && !unsafe.test(lines[0]);
      },
    ),
    { numRuns: runs(100) },
  );
  t.pass();
});

test("minimalFormat() and prettyFormat() never write control or bidi characters", (t) => {
  fc.assert(
    fc.property(anyText, anyText, anyText, (message, key, value) => {
      const minimal = capture({ env: "test", level: "info" });
      const pretty = capture({ env: "development", colors: false, callSite: false });
      minimal.log.info(message, { [key]: value });
      pretty.log.info(message, { [key]: value });
      return [...minimal.lines, ...pretty.lines].every((line) => !unsafe.test(line)) &&
        minimal.lines.length === 1 && pretty.lines.length === 1;
    }),
    { numRuns: runs(100) },
  );
  t.pass();
});

// Characters that grow when escaped (up to six times), halves of surrogate pairs to keep
// together, and plain ones.
const growing = fc.string({
  unit: fc.constantFrom(
    "\x01",
    "\x1b",
    "\n",
    "\t",
    "\x7f",
    "\u0085",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200f",
    '"',
    "\\",
    "😀",
    "é",
    "a",
    " ",
    "=",
  ),
  maxLength: 3000,
  size: "max",
});
const flatMetadata = fc.dictionary(growing, growing, { maxKeys: 6 });
const formats = ["json", "pretty", "minimal"] as const;
const splitPair = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const escapedHalf = /\\ud[89a-f][0-9a-f]{2}/i;

test("every format keeps a line within maxLineLength + 256 when values grow as escaped", (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom(...formats),
      fc.integer({ min: 1000, max: 5000 }),
      fc.integer({ min: 16, max: 9000 }),
      growing,
      growing,
      flatMetadata,
      flatMetadata,
      (format, maxLineLength, maxStringLength, message, module, bound, metadata) => {
        const { log, lines } = capture({
          format,
          level: "info",
          colors: false,
          callSite: false,
          redact: false,
          limits: { maxLineLength, maxStringLength },
        });
        log.child(bound, { module }).info(message, metadata);
        const line = lines[0];
        if (format === "json") JSON.parse(line);
        return lines.length === 1 && line.length <= maxLineLength + 256 &&
          !splitPair.test(line) && !escapedHalf.test(line);
      },
    ),
    { numRuns: runs(300) },
  );
  t.pass();
});

test("every format keeps a line within maxLineLength + 1024 whatever the nesting", (t) => {
  const value = fc.anything({
    key: growing,
    values: [growing],
    maxDepth: 6,
    withMap: true,
    withSet: true,
    withBigInt: true,
  });
  fc.assert(
    fc.property(
      fc.constantFrom(...formats),
      fc.integer({ min: 200, max: 3000 }),
      fc.dictionary(growing, value, { maxKeys: 8 }),
      (format, maxLineLength, metadata) => {
        const { log, lines } = capture({
          format,
          level: "info",
          colors: false,
          callSite: false,
          limits: { maxLineLength, maxDepth: 8 },
        });
        log.info("Nested", metadata);
        if (format === "json") JSON.parse(lines[0]);
        return lines.length === 1 && lines[0].length <= maxLineLength + 1024;
      },
    ),
    { numRuns: runs(300) },
  );
  t.pass();
});
