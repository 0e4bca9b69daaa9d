/**
 * The demo's simulated coding agent: sessions that dispatch agent actions, read context through
 * a cache, and call language models, emitting the standard catalog's events through the
 * generated emitters only.
 *
 * Time is simulated: a discrete-event scheduler runs every session on one virtual clock, so a
 * 40-second LLM call costs no real time, the same seed always gives the same events and the
 * same measurements, and ten thousand sessions take seconds, not hours. Every duration,
 * `system_time` and log timestamp comes from that clock.
 *
 * Each session is also a trace, timed on the same clock: an `invoke_workflow coding_session`
 * span, an `invoke_agent {agent}` span per action, a `chat {model}` span per LLM call and an
 * `execute_tool run_tests` span for a test run (GenAI spans the caller ends, `startGenAiSpan`).
 * Prompt caching follows the providers, per model and within five minutes: Anthropic reads the
 * prompt the model last answered in the session from its cache and writes the rest; OpenAI reads
 * it in 128-token steps from 1,024 tokens and writes nothing.
 *
 * @module
 */

import {
  emitAgentComplete,
  emitAgentDispatch,
  emitContextCacheHit,
  emitContextCacheMiss,
  emitLlmRequest,
  emitLlmResponse,
  emitSessionError,
  emitSessionStart,
  emitSessionStop,
} from "../mod.ts";
import { type SpanHandle, startGenAiSpan } from "../src/trace/mod.ts";
import type { Random } from "./random.ts";

/** The simulated clock. */
export interface VirtualClock {
  /** Milliseconds of simulated time since the workload started. */
  readonly now: () => number;
  /** Simulated wall-clock time, in milliseconds since the Unix epoch. */
  readonly wall: () => number;
}

/** Options of {@link runWorkload}. */
export interface WorkloadOptions {
  /** How many sessions to simulate. */
  readonly sessions: number;
  /** The seeded source of every choice. */
  readonly random: Random;
  /** Wall-clock time at which simulated time 0 falls, in milliseconds since the Unix epoch. */
  readonly startedAt: number;
  /** Called with the clock before the first event (to hand it to loggers and alerts). */
  readonly onClock?: (clock: VirtualClock) => void;
  /**
   * Called every `yieldEvery` steps and when the last session ends, with the sessions finished
   * so far; the workload awaits it, so the caller can write output and let the event loop turn.
   */
  readonly onProgress?: (finished: number) => void | Promise<void>;
  /** @default 500 */
  readonly yieldEvery?: number;
}

/** What {@link runWorkload} did. */
export interface WorkloadResult {
  /** Sessions simulated. */
  readonly sessions: number;
  /** The session that failed (`session.error`), by id. */
  readonly failedSession: string;
  /** Simulated time the workload spanned, in milliseconds. */
  readonly simulatedMs: number;
}

interface Model {
  readonly model: string;
  readonly provider: string;
  /** Median time to the first token, ms. */
  readonly firstToken: number;
  /** Milliseconds per output token. */
  readonly perToken: number;
}

const sonnet: Model = {
  model: "claude-sonnet-4",
  provider: "anthropic",
  firstToken: 900,
  perToken: 14,
};
const haiku: Model = {
  model: "claude-3-5-haiku",
  provider: "anthropic",
  firstToken: 450,
  perToken: 6,
};
const gpt: Model = { model: "gpt-4o", provider: "openai", firstToken: 700, perToken: 11 };
/** A model served locally: not in the price table, so its responses are counted unpriced. */
const local: Model = {
  model: "qwen2.5-coder-32b",
  provider: "ollama",
  firstToken: 300,
  perToken: 25,
};

/** Agent actions: which agent runs them, which model they favour, how many files they read. */
const actions = [
  { agent: "planner", action: "plan", model: sonnet, reads: [1, 3], tools: false },
  { agent: "coder", action: "read_file", model: haiku, reads: [1, 2], tools: false },
  { agent: "coder", action: "search_code", model: haiku, reads: [0, 2], tools: true },
  { agent: "coder", action: "edit_file", model: sonnet, reads: [1, 2], tools: true },
  { agent: "tester", action: "run_tests", model: gpt, reads: [0, 1], tools: true },
  { agent: "reviewer", action: "review_diff", model: gpt, reads: [1, 3], tools: false },
  { agent: "summarizer", action: "summarize", model: local, reads: [0, 1], tools: false },
] as const;

const projects = ["/work/api-server", "/work/web-app", "/work/cli-tool", "/work/infra"] as const;
const users = ["u-ada", "u-grace", "u-linus", "u-barbara", "u-ken"] as const;
const files = [
  "src/index.ts",
  "src/server.ts",
  "src/routes/users.ts",
  "src/routes/auth.ts",
  "src/db/schema.ts",
  "src/db/migrate.ts",
  "src/lib/cache.ts",
  "src/lib/retry.ts",
  "test/users.test.ts",
  "test/auth.test.ts",
  "package.json",
  "README.md",
] as const;
const tools = ["read_file", "edit_file", "run_tests", "search_code"] as const;
const maxTokens = 4096;
/** A cached file older than this is stale. */
const cacheTtl = 600_000;
/** The failed session's LLM call gives up after this long. */
const llmTimeout = 60_000;
/** How long a provider keeps a prompt prefix cached (Anthropic's default, OpenAI's typical). */
const promptCacheTtl = 300_000;

/** An error whose `name` is the kind of failure, as the spans' `error.type` reports it. */
function failure(kind: string, message: string): Error {
  const error = new Error(message);
  error.name = kind;
  return error;
}

/**
 * The prompt tokens served from and written to the provider's cache, counted in
 * `input_tokens` as the catalog (and OpenTelemetry) count them.
 */
function promptCache(
  provider: string,
  input: number,
  previous: number,
): { cache_read_tokens: number; cache_creation_tokens: number } {
  const read = Math.min(previous, input);
  if (provider === "anthropic") {
    return { cache_read_tokens: read, cache_creation_tokens: input - read };
  }
  const openai = read >= 1024 ? read - (read % 128) : 0;
  return { cache_read_tokens: openai, cache_creation_tokens: 0 };
}

/** A session: yields how long to wait (simulated ms) before it goes on. */
type Session = Generator<number, void, void>;

interface Scheduled {
  at: number;
  seq: number;
  session: Session;
}

/** A binary min-heap of sessions by wake-up time, ties in scheduling order. */
class Agenda {
  private readonly heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, session: Session): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, session });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): Scheduled {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let least = i;
        if (l < heap.length && before(heap[l], heap[least])) least = l;
        if (r < heap.length && before(heap[r], heap[least])) least = r;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least], heap[i]];
        i = least;
      }
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * Runs the simulated sessions to the end, emitting their events.
 *
 * Sessions arrive about every four simulated seconds and overlap. Each dispatches three to
 * seven agent actions; an action looks files up in the context cache, shared by the sessions of a
 * project (a hit unless the file was never read or its entry expired or was evicted) and calls a model whose prompt grows as
 * the session goes on. About one LLM call in twenty-five fails with an overloaded provider, and
 * the action fails with it. One session, picked from the seed, ends with a `session.error`: its
 * last call times out after 60 s.
 *
 * @example
 * ```ts
 * import { seeded } from "./random.ts";
 * await runWorkload({ sessions: 3, random: seeded(1), startedAt: Date.now() });
 * ```
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const { sessions, random: rng, startedAt } = options;
  const yieldEvery = options.yieldEvery ?? 500;
  let now = 0;
  const clock: VirtualClock = { now: () => now, wall: () => startedAt + now };
  options.onClock?.(clock);
  const failed = rng.int(0, sessions - 1);
  const failedSession = sessionId(failed);
  const agenda = new Agenda();
  const cache = new Map<string, number>(); // project and file -> when it was cached
  let arrival = 0;
  for (let i = 0; i < sessions; i++) {
    agenda.push(Math.round(arrival), session(i, i === failed, rng, clock, cache));
    arrival += rng.logNormal(3_000, 0.6);
  }
  let finished = 0;
  let steps = 0;
  while (agenda.size > 0) {
    const next = agenda.pop();
    now = next.at;
    const step = next.session.next();
    if (step.done) finished++;
    else agenda.push(now + Math.max(1, Math.round(step.value)), next.session);
    if (++steps % yieldEvery === 0) await options.onProgress?.(finished);
  }
  await options.onProgress?.(finished);
  return { sessions, failedSession, simulatedMs: now };
}

function sessionId(i: number): string {
  return `s-${String(i + 1).padStart(4, "0")}`;
}

function* session(
  i: number,
  fails: boolean,
  rng: Random,
  clock: VirtualClock,
  cache: Map<string, number>,
): Session {
  const session_id = sessionId(i);
  const start = clock.now();
  const project_path = rng.pick(projects);
  const trace = startGenAiSpan("invoke_workflow", "coding_session", { session_id, project_path }, {
    startTime: clock.wall(),
  });
  emitSessionStart({ system_time: clock.wall() }, {
    session_id,
    project_path,
    user_id: rng.pick(users),
  });
  let context = rng.int(2_500, 6_000); // tokens in the prompt: system prompt and instructions
  const count = fails ? 3 : rng.int(3, 7);
  let calls = 0;
  /** The last prompt each model answered in this session, and when: its cached prefix. */
  const prompts = new Map<string, { readonly tokens: number; readonly at: number }>();
  for (let a = 0; a < count; a++) {
    yield rng.logNormal(800, 0.7); // the user reads, types, or the agent plans the next step
    const spec = rng.pick(actions);
    const action_id = `${session_id}-a${a + 1}`;
    const meta = { agent: spec.agent, action: spec.action, session_id, action_id };
    emitAgentDispatch({ system_time: clock.wall() }, meta);
    const dispatched = clock.now();
    const agentSpan: SpanHandle = startGenAiSpan("invoke_agent", spec.agent, meta, {
      parent: trace,
      startTime: clock.wall(),
    });
    for (let r = rng.int(spec.reads[0], spec.reads[1]); r > 0; r--) {
      const key = rng.pick(files);
      const at = cache.get(`${project_path}:${key}`);
      const age = at === undefined ? undefined : clock.now() - at;
      if (age !== undefined && age <= cacheTtl && !rng.chance(0.03)) {
        emitContextCacheHit({ bytes: fileBytes(key), age }, { cache: "files", key, session_id });
        yield rng.int(1, 4);
      } else {
        const reason = age === undefined ? "absent" : age > cacheTtl ? "expired" : "evicted";
        emitContextCacheMiss({ system_time: clock.wall() }, {
          cache: "files",
          key,
          reason,
          session_id,
        });
        yield rng.int(15, 60); // read from disk
        cache.set(`${project_path}:${key}`, clock.now());
        context += Math.round(fileBytes(key) / 4);
      }
    }
    const model = spec.model;
    const request_id = `req-${session_id}-${++calls}`;
    const input_tokens = Math.min(context, 180_000);
    emitLlmRequest({ system_time: clock.wall(), prompt_bytes: Math.round(input_tokens * 3.7) }, {
      model: model.model,
      provider: model.provider,
      operation: "chat",
      request_id,
      session_id,
      max_tokens: maxTokens,
      temperature: 0.2,
      stream: true,
      tools: spec.tools ? [...tools] : [],
    });
    const sent = clock.now();
    const previous = prompts.get(model.model);
    const cached = promptCache(
      model.provider,
      input_tokens,
      previous !== undefined && sent - previous.at <= promptCacheTtl ? previous.tokens : 0,
    );
    const response = {
      model: model.model,
      provider: model.provider,
      request_id,
      session_id,
      agent: spec.agent,
      response_id: `msg_${rng.int(0, 0xffffffff).toString(16).padStart(8, "0")}`,
    };
    const call = startGenAiSpan("chat", model.model, {
      provider: model.provider,
      session_id,
      request_id,
      max_tokens: maxTokens,
    }, { parent: agentSpan, startTime: clock.wall() });
    if (fails && a === count - 1) {
      yield llmTimeout;
      emitLlmResponse({ duration: clock.now() - sent, input_tokens, output_tokens: 0 }, {
        ...response,
        finish_reason: "error",
      });
      const reason = `${model.provider} did not answer within ${llmTimeout} ms (3 attempts)`;
      call.end({ error: failure("timeout", reason), endTime: clock.wall() });
      agentSpan.end({ error: failure("timeout", reason), endTime: clock.wall() });
      emitAgentComplete({ duration: clock.now() - dispatched }, {
        ...meta,
        status: "error",
        kind: "timeout",
        reason,
      });
      emitSessionError({ system_time: clock.wall() }, { session_id, kind: "timeout", reason });
      emitSessionStop({ duration: clock.now() - start }, { session_id, reason: "timeout" });
      trace.end({ error: failure("timeout", reason), endTime: clock.wall() });
      return;
    }
    if (rng.chance(0.04)) {
      yield rng.logNormal(1_500, 0.5);
      emitLlmResponse({ duration: clock.now() - sent, input_tokens, output_tokens: 0 }, {
        ...response,
        finish_reason: "error",
      });
      const reason = `529 overloaded_error from ${model.provider}`;
      emitAgentComplete({ duration: clock.now() - dispatched }, {
        ...meta,
        status: "error",
        kind: "overloaded",
        reason,
      });
      call.end({ error: failure("overloaded", reason), endTime: clock.wall() });
      agentSpan.end({ error: failure("overloaded", reason), endTime: clock.wall() });
      continue;
    }
    const first = rng.logNormal(model.firstToken, 0.35);
    const wanted = Math.round(rng.logNormal(spec.tools ? 260 : 700, 0.8));
    const output_tokens = Math.max(1, Math.min(wanted, maxTokens));
    yield first + output_tokens * model.perToken * rng.logNormal(1, 0.15);
    const finish_reason = output_tokens === maxTokens
      ? "length"
      : spec.tools && rng.chance(0.6)
      ? "tool_calls"
      : "stop";
    const usage = { input_tokens, output_tokens, ...cached };
    emitLlmResponse({
      duration: clock.now() - sent,
      ...usage,
      time_to_first_token: Math.round(first * 10) / 10,
    }, { ...response, finish_reason });
    call.addMeasurements(usage);
    call.addMetadata({ finish_reason, response_id: response.response_id });
    call.end({ endTime: clock.wall() });
    prompts.set(model.model, { tokens: input_tokens, at: sent });
    context += output_tokens;
    if (spec.action === "run_tests") {
      const run = startGenAiSpan("execute_tool", "run_tests", { session_id }, {
        parent: agentSpan,
        startTime: clock.wall(),
      });
      yield rng.logNormal(4_000, 0.5); // the test run itself
      run.end({ endTime: clock.wall() });
    }
    emitAgentComplete({ duration: clock.now() - dispatched }, { ...meta, status: "ok" });
    agentSpan.end({ endTime: clock.wall() });
  }
  yield rng.logNormal(500, 0.5);
  const reason = rng.chance(0.25) ? "user_exit" : "normal";
  emitSessionStop({ duration: clock.now() - start }, { session_id, reason });
  trace.addMetadata({ reason });
  trace.end({ endTime: clock.wall() });
}

/** A file's size in bytes, the same for a given path. */
function fileBytes(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return 800 + ((h >>> 0) % 24_000);
}
