// Quick comparison of @jido/telemetry's JSON logger with pino, in one process, both writing to a
// no-op stream so only the logger's own work is measured. Run: npx tsx bench/logger_quick.ts
import { bench, run, summary } from "mitata";
import pino from "pino";
import { createLogger } from "../src/logger/mod.ts";

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

summary(() => {
  bench("jido: disabled debug", () => ours.debug("Not written", metadata()));
  bench("pino: disabled debug", () => theirs.debug(metadata(), "Not written"));
});

await run();
