/**
 * The bus rows: generated emitters, `execute()` and `span()` against Node's
 * `diagnostics_channel`, `EventEmitter` and `TracingChannel`.
 *
 * @module
 */

import dc from "node:diagnostics_channel";
import { EventEmitter } from "node:events";
import {
  attach,
  detach,
  emitLlmResponse,
  emitSessionStart,
  execute,
  listHandlers,
  LLM_RESPONSE,
  SESSION_START,
  span,
} from "../../mod.ts";
import { type Case, same } from "../harness.ts";

const m = { duration: 812.4, input_tokens: 1200, output_tokens: 96 };
const md = { model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop" } as const;
const spanPrefix = ["bench", "tool", "call"] as const;
const quietPrefix = ["bench", "tool", "quiet"] as const;

let ourSink = 0;
let theirSink = 0;

const loud = dc.channel("bench.llm.response");
const onLoud = (message: unknown) =>
  void (theirSink += (message as { m: typeof m }).m.output_tokens);
const emitter = new EventEmitter();
const onEmit = (mm: typeof m) => void (theirSink += mm.output_tokens);
const traced = dc.tracingChannel("bench.tool.call");
const quietTraced = dc.tracingChannel("bench.tool.quiet");
// Node subscribes the handlers given and skips the others (asyncStart, asyncEnd, error), which
// traceSync of a function that returns never publishes; the types want all five.
const tracer = {
  start: (ctx: { t0?: number }) => void (ctx.t0 = performance.now()),
  end: (ctx: { t0?: number }) => void (theirSink += performance.now() - ctx.t0!),
} as unknown as dc.TracingChannelSubscribers<object>;
let ran = 0;
const work = () => ++ran;

/** The bus rows. */
export const busCases: readonly Case[] = [
  {
    name: "generated emitter, no handler",
    target: { ns: 2 },
    check: () => {
      same("handlers on session.start", listHandlers(SESSION_START).length, 0);
      emitSessionStart({ system_time: 1 }, { session_id: "s" });
      return "no handler is attached to session.start";
    },
    ours: () => emitSessionStart({ system_time: 1 }, { session_id: "s" }),
  },
  {
    name: "generated emitter, one handler",
    peer: "diagnostics_channel publish",
    target: { ratio: 1 },
    setup: () => {
      attach("bench-emit", LLM_RESPONSE, (_e, mm) => void (ourSink += mm.output_tokens));
      loud.subscribe(onLoud);
    },
    teardown: () => {
      detach("bench-emit");
      loud.unsubscribe(onLoud);
    },
    check: () => {
      const [a, b] = [ourSink, theirSink];
      emitLlmResponse(m, md);
      if (loud.hasSubscribers) loud.publish({ m, md });
      same("tokens seen by the handler", ourSink - a, theirSink - b);
      return "each handler saw the event's output_tokens once";
    },
    ours: () => emitLlmResponse(m, md),
    theirs: () => {
      if (loud.hasSubscribers) loud.publish({ m, md });
    },
  },
  {
    name: "execute(name), one handler",
    peer: "EventEmitter.emit",
    target: { ratio: 1 },
    setup: () => {
      attach("bench-execute", LLM_RESPONSE, (_e, mm) => void (ourSink += mm.output_tokens));
      emitter.on("jido_coder_lib.llm.response", onEmit);
    },
    teardown: () => {
      detach("bench-execute");
      emitter.off("jido_coder_lib.llm.response", onEmit);
    },
    check: () => {
      const [a, b] = [ourSink, theirSink];
      execute(LLM_RESPONSE, m, md);
      emitter.emit("jido_coder_lib.llm.response", m, md);
      same("tokens seen by the handler", ourSink - a, theirSink - b);
      return "each handler saw the event's output_tokens once";
    },
    ours: () => execute(LLM_RESPONSE, m, md),
    theirs: () => emitter.emit("jido_coder_lib.llm.response", m, md),
  },
  {
    name: "span() sync, handlers on start and stop",
    peer: "TracingChannel.traceSync",
    target: { ratio: 1 },
    setup: () => {
      attach("bench-span-start", [...spanPrefix, "start"], (_e, mm) => {
        ourSink += mm.monotonic_time;
      });
      attach("bench-span-stop", [...spanPrefix, "stop"], (_e, mm) => {
        ourSink += mm.duration;
      });
      traced.subscribe(tracer);
    },
    teardown: () => {
      detach("bench-span-start");
      detach("bench-span-stop");
      traced.unsubscribe(tracer);
    },
    check: () => {
      const before = ran;
      const [a, b] = [ourSink, theirSink];
      span(spanPrefix, md, work);
      traced.traceSync(work, { md });
      same("function runs", ran - before, 2);
      if (!(ourSink > a && theirSink >= b)) throw new Error("Unequal work: a side saw no time");
      return "the function ran once each; each side read the clock at start and stop";
    },
    ours: () => span(spanPrefix, md, work),
    theirs: () => traced.traceSync(work, { md }),
  },
  {
    name: "span() sync, nobody listening",
    peer: "TracingChannel.traceSync, no subscriber",
    target: { ratio: 2 },
    check: () => {
      const before = ran;
      span(quietPrefix, md, work);
      quietTraced.traceSync(work, { md });
      same("function runs", ran - before, 2);
      same("handlers", listHandlers([...quietPrefix, "stop"]).length, 0);
      return "the function ran once each, with no handler or subscriber";
    },
    ours: () => span(quietPrefix, md, work),
    theirs: () => quietTraced.traceSync(work, { md }),
  },
];
