import test, { type ExecutionContext } from "ava";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import {
  attach,
  attachAll,
  attachLogHandler,
  detachAll,
  detachLogHandler,
  emitAgentComplete,
  emitAgentDispatch,
  emitContextCacheHit,
  emitContextCacheMiss,
  emitLlmRequest,
  emitLlmResponse,
  emitSessionError,
  emitSessionStart,
  emitSessionStop,
  execute,
  getCounters,
  listHandlers,
  resetCounters,
  standardCatalog,
  TelemetryError,
} from "../../mod.ts";
import { createLogger, type LoggerOptions, withMetadata } from "../../src/logger/mod.ts";
import { summary } from "../../src/metrics/mod.ts";

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    format: "minimal",
    level: "debug",
    sink: (line: string) => void lines.push(line),
    clock: () => Date.UTC(2026, 10, 25, 8, 30, 0, 123),
    colors: false,
    callSite: false,
    ...options,
  });
  return { lines, logger };
}

/** 08:30:00.123 local time, as the pretty format prints it, whatever the machine's time zone. */
const localClock = () => new Date(2026, 10, 25, 8, 30, 0, 123).getTime();

const llmResponse = () =>
  emitLlmResponse({ duration: 812.4, input_tokens: 1200, output_tokens: 96 }, {
    model: "claude-sonnet-4",
    provider: "anthropic",
    finish_reason: "stop",
  });

/** Stops `performance.now()` at 1234.5 and `Date.now()` at 1_700_000_000_000 for the (serial) test. */
function fakeClock(t: ExecutionContext): void {
  const realDateNow = Date.now;
  performance.now = () => 1234.5;
  Date.now = () => 1_700_000_000_000;
  t.teardown(() => {
    delete (performance as { now?: unknown }).now; // back to Performance.prototype.now
    Date.now = realDateNow;
  });
}

/** The line of this file that starts with `text`, indentation aside; exactly one must. */
function lineOf(text: string): number {
  const lines = readFileSync("test/handlers/log.test.ts", "utf8").split("\n");
  const found = lines.flatMap((line, i) => (line.trimStart().startsWith(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`${JSON.stringify(text)} is on lines ${found}`);
  return found[0];
}

test.serial.afterEach.always(() => {
  detachAll();
  resetCounters();
});

test.serial("attachLogHandler() logs each standard event at its catalog level", (t) => {
  const { lines, logger } = capture();
  attachLogHandler({ catalog: standardCatalog, logger });
  emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
  emitAgentDispatch({ system_time: 2 }, { agent: "planner", action: "plan" });
  emitContextCacheHit({ bytes: 2048, age: 3 }, { cache: "files", key: "a.ts" });
  emitContextCacheMiss({ system_time: 4 }, { cache: "files", key: "b.ts", reason: "expired" });
  emitLlmRequest({ system_time: 5 }, { model: "m", provider: "p", tools: ["read", "edit"] });
  llmResponse();
  emitAgentComplete({ duration: 830.5 }, { agent: "planner", action: "plan", status: "ok" });
  emitSessionError({ system_time: 6 }, { session_id: "s-1", kind: "crash", reason: "boom" });
  emitSessionStop({ duration: 1204.7 }, { session_id: "s-1", reason: "normal" });
  t.deepEqual(lines, [
    "[info] jido_coder_lib.session.start system_time=1 session_id=s-1",
    "[info] jido_coder_lib.agent.dispatch system_time=2 agent=planner action=plan",
    "[debug] jido_coder_lib.context.cache_hit bytes=2048 age=3 cache=files key=a.ts",
    "[debug] jido_coder_lib.context.cache_miss system_time=4 cache=files key=b.ts reason=expired",
    '[debug] jido_coder_lib.llm.request system_time=5 model=m provider=p tools=["read","edit"]',
    "[info] jido_coder_lib.llm.response duration=812.4 input_tokens=1200 output_tokens=96 model=claude-sonnet-4 provider=anthropic finish_reason=stop",
    "[info] jido_coder_lib.agent.complete duration=830.5 agent=planner action=plan status=ok",
    "[error] jido_coder_lib.session.error system_time=6 session_id=s-1 kind=crash reason=boom",
    "[info] jido_coder_lib.session.stop duration=1204.7 session_id=s-1 reason=normal",
  ]);
});

test.serial("attachLogHandler() shows measurement units in the pretty format", (t) => {
  const { lines, logger } = capture({ format: "pretty", clock: localClock });
  attachLogHandler({ catalog: standardCatalog, logger });
  llmResponse();
  emitContextCacheHit({ bytes: 2048, age: 3 }, { cache: "files", key: "a.ts" });
  t.deepEqual(lines, [
    "08:30:00.123 INFO  jido_coder_lib.llm.response duration=812.4ms input_tokens=1200tok output_tokens=96tok model=claude-sonnet-4 provider=anthropic finish_reason=stop",
    "08:30:00.123 DEBUG jido_coder_lib.context.cache_hit bytes=2048B age=3ms cache=files key=a.ts",
  ]);
});

test.serial("attachLogHandler() writes production JSON lines with measurements as numbers", (t) => {
  const { lines, logger } = capture({ format: "json" });
  attachLogHandler({ catalog: standardCatalog, logger });
  llmResponse();
  t.deepEqual(lines, [
    '{"time":"2026-11-25T08:30:00.123Z","level":"info","msg":"jido_coder_lib.llm.response",' +
    `"pid":${process.pid},"hostname":${JSON.stringify(hostname())},` +
    '"duration":812.4,"input_tokens":1200,"output_tokens":96,' +
    '"model":"claude-sonnet-4","provider":"anthropic","finish_reason":"stop"}',
  ]);
});

test.serial("attachLogHandler() does not attach to events below the logger's level", (t) => {
  const { lines, logger } = capture({ level: "warn" });
  attachLogHandler({ catalog: standardCatalog, logger });
  t.deepEqual(listHandlers(["jido_coder_lib"]).map((h) => h.id), [
    "log:jido_coder_lib.session.error",
  ]);
  t.deepEqual(listHandlers(["telemetry"]).map((h) => h.id), [
    "log:telemetry.handler.failure",
    "log:telemetry.alert.triggered",
  ]);
  llmResponse();
  emitSessionError({ system_time: 6 }, { session_id: "s-1", kind: "crash", reason: "boom" });
  t.deepEqual(lines, [
    "[error] jido_coder_lib.session.error system_time=6 session_id=s-1 kind=crash reason=boom",
  ]);
});

test.serial("attachLogHandler() logs listed events outside the catalog at debug, and handler failures at error", (t) => {
  fakeClock(t);
  const { lines, logger } = capture();
  attachLogHandler({ catalog: standardCatalog, logger, events: [["my_app", "job", "stop"]] });
  execute(["my_app", "job", "stop"], { duration: 5 }, { job: "index" });
  execute(["my_app", "job", "start"], { system_time: 1 }, {});
  const broken = new Error("broken handler");
  broken.stack = "Error: broken handler\n    at handler (a.ts:1:1)";
  attach("broken", ["my_app", "job", "stop"], () => {
    throw broken;
  });
  execute(["my_app", "job", "stop"], { duration: 6 }, { job: "index" });
  t.deepEqual(lines, [
    "[debug] my_app.job.stop duration=5 job=index",
    "[debug] my_app.job.stop duration=6 job=index",
    "[error] telemetry.handler.failure monotonic_time=1234.5 system_time=1700000000000 " +
    'handler_id=broken event_name=["my_app","job","stop"] kind=error ' +
    'reason={"name":"Error","message":"broken handler","stack":"Error: broken handler\\n    at handler (a.ts:1:1)"} ' +
    'stacktrace="Error: broken handler\\n    at handler (a.ts:1:1)"',
  ]);
});

test.serial("attachLogHandler() twice is an error; detachLogHandler() says whether it was attached", (t) => {
  const { lines, logger } = capture();
  t.false(detachLogHandler());
  attachLogHandler({ catalog: standardCatalog, logger });
  t.throws(() => attachLogHandler({ catalog: standardCatalog, logger }), {
    instanceOf: TelemetryError,
    message: "The log handler is already attached",
  });
  t.true(detachLogHandler());
  t.false(detachLogHandler());
  llmResponse();
  t.deepEqual(lines, []);
});

test.serial("withMetadata() puts request metadata on telemetry log lines across await", async (t) => {
  const { lines, logger } = capture();
  attachLogHandler({ catalog: standardCatalog, logger });
  await withMetadata({ request_id: "r-7" }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
  });
  emitSessionStart({ system_time: 2 }, { session_id: "s-2" });
  t.deepEqual(lines, [
    "[info] jido_coder_lib.session.start request_id=r-7 system_time=1 session_id=s-1",
    "[info] jido_coder_lib.session.start system_time=2 session_id=s-2",
  ]);
});

test.serial("attachAll() attaches the log and metrics handlers; detachAll() detaches both", (t) => {
  const { lines, logger } = capture();
  t.is(
    attachAll({ catalog: standardCatalog, log: { logger } }),
    logger,
    "returns the logger to flush",
  );
  llmResponse();
  const line =
    "[info] jido_coder_lib.llm.response duration=812.4 input_tokens=1200 output_tokens=96 model=claude-sonnet-4 provider=anthropic finish_reason=stop";
  t.deepEqual(lines, [line]);
  t.deepEqual(getCounters(), { "jido_coder_lib.llm.response": 1 });
  t.true(detachAll());
  t.false(detachAll());
  llmResponse();
  t.deepEqual(lines, [line]);
  t.deepEqual(getCounters(), { "jido_coder_lib.llm.response": 1 });
});

test.serial("attachAll() attaches neither handler when one of them fails", (t) => {
  const { logger } = capture();
  attachAll({ catalog: standardCatalog, log: { logger } });
  t.throws(() => attachAll({ catalog: standardCatalog, log: { logger } }), {
    instanceOf: TelemetryError,
    message: "The log handler is already attached",
  });
  detachAll();
  t.throws(
    () =>
      attachAll({
        catalog: standardCatalog,
        log: { logger },
        metrics: { definitions: [summary("jido_coder_lib.nope.duration")] },
      }),
    {
      message: 'Unknown event "jido_coder_lib.nope" for metric "jido_coder_lib.nope.duration"',
    },
  );
  t.deepEqual(
    listHandlers([]).filter((h) => h.id.startsWith("log:") || h.id.startsWith("metrics:")),
    [],
  );
});

test.serial("the pretty call site of a telemetry line is the code that emitted the event", (t) => {
  const { lines, logger } = capture({ format: "pretty", callSite: true, clock: localClock });
  attachLogHandler({ catalog: standardCatalog, logger });
  llmResponse();
  emitSessionStart({ system_time: 1 }, { session_id: "s-call-site" });
  t.deepEqual(lines, [
    "08:30:00.123 INFO  jido_coder_lib.llm.response duration=812.4ms input_tokens=1200tok " +
    "output_tokens=96tok model=claude-sonnet-4 provider=anthropic finish_reason=stop " +
    `(test/handlers/log.test.ts:${lineOf("emitLlmResponse({ duration: 812.4")})`,
    "08:30:00.123 INFO  jido_coder_lib.session.start system_time=1ms session_id=s-call-site " +
    `(test/handlers/log.test.ts:${
      lineOf('emitSessionStart({ system_time: 1 }, { session_id: "s-call-site" })')
    })`,
  ]);
});

test.serial("the log handler survives hostile event fields and stays attached", (t) => {
  const { lines, logger } = capture();
  attachLogHandler({ catalog: standardCatalog, logger });
  const stop = ["jido_coder_lib", "session", "stop"];
  execute(stop, { duration: 4 }, {
    session_id: "s-1",
    get bad(): string {
      throw new Error("getter");
    },
  });
  execute(stop, { duration: 5 }, JSON.parse('{"__proto__": {"polluted": 1}, "session_id": "s-2"}'));
  execute(stop, { duration: 6 }, { duration: "clash", session_id: "s-3" });
  t.deepEqual(lines, [
    '[info] jido_coder_lib.session.stop duration=4 session_id=s-1 bad="[Throws: getter]"',
    '[info] jido_coder_lib.session.stop duration=5 __proto__={"polluted":1} session_id=s-2',
    "[info] jido_coder_lib.session.stop duration=6 _duration=clash session_id=s-3",
  ]);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.deepEqual(listHandlers(stop).map((h) => h.id), ["log:jido_coder_lib.session.stop"]);
});

test.serial("attachLogHandler() accepts the handler-failure event in its events list", (t) => {
  const { logger } = capture();
  t.notThrows(() =>
    attachLogHandler({
      catalog: standardCatalog,
      logger,
      events: [["telemetry", "handler", "failure"]],
    })
  );
  t.deepEqual(listHandlers(["telemetry"]).map((h) => h.id), [
    "log:telemetry.handler.failure",
    "log:telemetry.alert.triggered",
    "log:telemetry.alert.resolved",
    "log:telemetry.runtime.poll",
    "log:telemetry.otlp.export",
  ]);
});

test.serial("attachLogHandler() needs a catalog", (t) => {
  t.throws(() => attachLogHandler(undefined as unknown as { catalog: typeof standardCatalog }), {
    instanceOf: TypeError,
    message: "attachLogHandler() needs options.catalog: your generated catalog, or standardCatalog",
  });
  t.deepEqual(listHandlers([]).filter((h) => h.id.startsWith("log:")), []);
});

test.serial("attachLogHandler() without a logger builds one from the environment's profile", (t) => {
  const logger = attachLogHandler({ catalog: standardCatalog });
  t.is(logger.level, "warn", "ava runs with NODE_ENV=test: the test profile");
  t.deepEqual(listHandlers(["jido_coder_lib"]).map((h) => h.id), [
    "log:jido_coder_lib.session.error",
  ]);
});
