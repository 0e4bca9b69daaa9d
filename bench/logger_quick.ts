// Quick comparison of @jido/telemetry's JSON logger with pino, in one process, both writing to a
// no-op stream so only the logger's own work is measured. Run: npx tsx bench/logger_quick.ts
//
// Ours writes an ISO time, redacts secret keys and credential-looking strings, and bounds the
// line; pino (default options) writes epoch milliseconds and does none of that.
import { bench, do_not_optimize, run, summary } from "mitata";
import pino from "pino";
import { createLogger, type Logger } from "../src/logger/mod.ts";

const noop = { write: (_chunk: string) => {} };
const ours = createLogger({ env: "production", sink: noop, module: "agent" });
const theirs = pino({ level: "info", base: { pid: process.pid, hostname: "bench" } }, noop);

const metadata = () => ({ session_id: "s-42", tool: "grep", input_tokens: 1200, ok: true });

summary(() => {
  bench("jido json: info with 4 fields", () => ours.info("Tool call finished", metadata()));
  bench("pino: info with 4 fields", () => theirs.info(metadata(), "Tool call finished"));
});

const ourChild = ours.child({ session_id: "s-42" });
const theirChild = theirs.child({ session_id: "s-42" });
const callMetadata = () => ({ tool: "grep", input_tokens: 1200, ok: true });

summary(() => {
  bench("jido json: child + 3 fields", () => ourChild.info("Tool call finished", callMetadata()));
  bench("pino: child + 3 fields", () => theirChild.info(callMetadata(), "Tool call finished"));
});

// Every value changes from call to call, so no per-key or per-message memo helps.
const ids = Array.from({ length: 1024 }, (_, i) => "sess-" + (i * 7919).toString(36));
const tools = ["grep", "read_file", "edit", "bash", "web_search"];
const messages = Array.from({ length: 64 }, (_, i) => `Tool call ${i} finished`);
let n = 0;
const varying = () => ({
  session_id: ids[n & 1023],
  tool: tools[n % 5],
  input_tokens: n & 4095,
  ok: (n++ & 1) === 0,
});

summary(() => {
  bench("jido json: info, varying values", () => ours.info(messages[n & 63], varying()));
  bench("pino: info, varying values", () => theirs.info(varying(), messages[n & 63]));
});

// The logger is a computed parameter, so V8 cannot fold the method away as a constant; the
// metadata literal, with a field that changes, is built inside the measured call, whose result
// is kept.
let turn = 0;

summary(() => {
  bench("jido: disabled debug", function* () {
    yield {
      [0]: (): Logger => ours,
      bench(log: Logger) {
        do_not_optimize(log.debug("Not written", { session_id: "s-42", ok: true, turn: turn++ }));
      },
    };
  });
  bench("pino: disabled debug", function* () {
    yield {
      [0]: (): pino.Logger => theirs,
      bench(log: pino.Logger) {
        do_not_optimize(log.debug({ session_id: "s-42", ok: true, turn: turn++ }, "Not written"));
      },
    };
  });
});

// Warm both loggers up first, so the first benchmark does not also pay for compiling them.
for (let i = 0; i < 20_000; i++) {
  ours.info("Tool call finished", metadata());
  theirs.info(metadata(), "Tool call finished");
  ourChild.info("Tool call finished", callMetadata());
  theirChild.info(callMetadata(), "Tool call finished");
}

await run();
