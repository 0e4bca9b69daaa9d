import test from "ava";
import process from "node:process";
import { loggerConfig, resolveEnv } from "../../src/logger/mod.ts";
import { capture, jsonHead } from "./fixtures/capture.ts";

process.env.TZ = "UTC";

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

test("loggerConfig() returns the profile of each environment", (t) => {
  t.deepEqual(loggerConfig("development"), {
    env: "development",
    level: "debug",
    format: "pretty",
    callSite: true,
  });
  t.deepEqual(loggerConfig("test"), {
    env: "test",
    level: "warn",
    format: "minimal",
    callSite: false,
  });
  t.deepEqual(loggerConfig("production"), {
    env: "production",
    level: "info",
    format: "json",
    callSite: false,
  });
});

test.serial("resolveEnv() prefers the option, then JIDO_ENV, then NODE_ENV, then development", (t) => {
  t.is(
    withEnv({ JIDO_ENV: "production", NODE_ENV: "production" }, () => resolveEnv("test")),
    "test",
  );
  t.is(withEnv({ JIDO_ENV: "test", NODE_ENV: "production" }, () => resolveEnv()), "test");
  t.is(withEnv({ JIDO_ENV: undefined, NODE_ENV: "test" }, () => resolveEnv()), "test");
  t.is(withEnv({ JIDO_ENV: "", NODE_ENV: "production" }, () => resolveEnv()), "production");
  t.is(withEnv({ JIDO_ENV: undefined, NODE_ENV: undefined }, () => resolveEnv()), "development");
});

test.serial("resolveEnv() reads dev as development and unknown names as production", (t) => {
  t.is(withEnv({ JIDO_ENV: "dev", NODE_ENV: undefined }, () => resolveEnv()), "development");
  t.is(withEnv({ JIDO_ENV: " Test ", NODE_ENV: undefined }, () => resolveEnv()), "test");
  t.is(withEnv({ JIDO_ENV: "staging", NODE_ENV: undefined }, () => resolveEnv()), "production");
});

test.serial("createLogger() follows JIDO_ENV when no env option is given", (t) => {
  const lines = withEnv({ JIDO_ENV: "production", NODE_ENV: "test" }, () => {
    const { log, lines } = capture();
    log.debug("Hidden");
    log.info("Shown");
    return lines;
  });
  t.deepEqual(lines, [jsonHead("info", "Shown") + "}"]);
});

test.serial("createLogger() uses the test profile: warn and above, minimal lines", (t) => {
  const lines = withEnv({ JIDO_ENV: undefined, NODE_ENV: "test" }, () => {
    const { log, lines } = capture();
    log.info("Hidden");
    log.warn("Shown", { k: "v" });
    return lines;
  });
  t.deepEqual(lines, ["[warn] Shown k=v"]);
});

test.serial("createLogger() defaults to the development profile", (t) => {
  const lines = withEnv({ JIDO_ENV: undefined, NODE_ENV: undefined }, () => {
    const { log, lines } = capture({ callSite: false });
    log.debug("Shown", { k: "v" });
    return lines;
  });
  t.deepEqual(lines, ["12:30:45.123 DEBUG Shown k=v"]);
});

test.serial("createLogger() turns colours on for a TTY stream unless NO_COLOR is set", (t) => {
  const run = (noColor: string | undefined) =>
    withEnv({ NO_COLOR: noColor }, () => {
      const chunks: string[] = [];
      const { log } = capture({
        env: "development",
        callSite: false,
        sink: { isTTY: true, write: (chunk: string) => chunks.push(chunk) } as never,
      });
      log.error("E");
      return chunks;
    });
  t.deepEqual(run(undefined), ["\x1b[2m12:30:45.123\x1b[22m \x1b[31mERROR\x1b[39m E\n"]);
  t.deepEqual(run(""), ["\x1b[2m12:30:45.123\x1b[22m \x1b[31mERROR\x1b[39m E\n"]);
  t.deepEqual(run("1"), ["12:30:45.123 ERROR E\n"]);
});

test("createLogger() writes no colours to a non-TTY sink by default", (t) => {
  const { log, lines } = capture({ env: "development", callSite: false });
  log.warn("Plain");
  t.deepEqual(lines, ["12:30:45.123 WARN  Plain"]);
});
