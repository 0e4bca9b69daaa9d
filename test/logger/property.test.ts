import test from "ava";
import fc from "fast-check";
import { capture } from "./fixtures/capture.ts";

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
  );
  t.pass();
});
