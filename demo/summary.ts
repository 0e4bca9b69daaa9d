/**
 * The demo's summary: what the metrics handler's store holds once the workload has run, read
 * through the public API (`getCounters`, `getDurationStats`, `getMetrics`, `cacheHitRatio`) and
 * set out as plain-text tables.
 *
 * @module
 */

import { getCounters, getDurationStats, getMetrics } from "../mod.ts";
import {
  cacheHitRatio,
  type CacheRatio,
  type DistributionValue,
  type MetricSnapshot,
  type SummaryValue,
} from "../src/metrics/mod.ts";
import { drawSpanTree, type FinishedSpan } from "../src/trace/mod.ts";
import type { CostAccounting, CostTotal, UnpricedModel } from "../src/cost/mod.ts";

/** An alert that fired during the run. */
export interface FiredAlert {
  readonly rule: string;
  readonly severity: string;
  /** Simulated wall-clock time it fired, ms since the Unix epoch. */
  readonly at: number;
  readonly value: number;
  readonly condition: string;
}

/** Tokens used by one model. */
export interface ModelTokens {
  readonly model: string;
  readonly provider: string;
  /** Responses counted (the distribution's count for input tokens). */
  readonly responses: number;
  readonly input: number;
  readonly output: number;
}

/** Everything the summary shows, as numbers. */
export interface Summary {
  /** Events per catalog key, from the `<event>.count` counters. */
  readonly counts: Readonly<Record<string, number>>;
  /** Duration summaries per catalog key, from the `<event>.duration` summaries (milliseconds). */
  readonly durations: Readonly<Record<string, SummaryValue>>;
  /** Tokens per model and provider, from `gen_ai.client.token.usage`. */
  readonly tokens: readonly ModelTokens[];
  /** Hits, misses and ratio per cache, from the `context.cache.lookups` counter. */
  readonly caches: readonly CacheRatio[];
  /** Alerts fired, in order. */
  readonly alerts: readonly FiredAlert[];
  /** One session's trace: its id and spans. */
  readonly trace: SessionTrace;
  /** What the responses cost, from the cost accounting's exact totals. */
  readonly cost: CostSummary;
}

/** The cost section's numbers. */
export interface CostSummary {
  readonly total: CostTotal;
  readonly byModel: Readonly<Record<string, CostTotal>>;
  readonly byAgent: Readonly<Record<string, CostTotal>>;
  readonly unpriced: Readonly<Record<string, UnpricedModel>>;
}

const noCost: CostTotal = { amount: "0.00", cost: 0, responses: 0, unpriced: 0 };

/** The spans of one session. */
export interface SessionTrace {
  readonly session: string;
  readonly spans: readonly FinishedSpan[];
}

/**
 * Reads the summary from the metrics handler's store.
 *
 * @example
 * ```ts
 * const summary = readSummary([]);
 * console.log(summary.counts["jido_coder_lib.llm.response"]);
 * ```
 */
export function readSummary(
  alerts: readonly FiredAlert[],
  trace: SessionTrace = { session: "", spans: [] },
  costs?: CostAccounting,
): Summary {
  const metrics = getMetrics();
  return {
    counts: getCounters(),
    durations: getDurationStats(),
    tokens: tokensByModel(metrics),
    caches: cacheHitRatio(metrics),
    alerts,
    trace,
    cost: {
      total: costs?.total() ?? noCost,
      byModel: costs?.byModel() ?? {},
      byAgent: costs?.byAgent() ?? {},
      unpriced: costs?.unpriced() ?? {},
    },
  };
}

/** An exact amount in dollars; a total with unpriced responses says its cost is unknown. */
export function costText(t: CostTotal): string {
  if (t.unpriced === 0) return `$${t.amount}`;
  return t.responses === 0 ? "unknown" : `$${t.amount} + unknown`;
}

/** What the trace shows beside a span's name: its duration, its tokens, its error. */
function spanLabel(s: FinishedSpan): string {
  const m = s.measurements;
  const tokens = typeof m.input_tokens === "number"
    ? `  in ${int(m.input_tokens)} (cached ${int(m.cache_read_tokens ?? 0)}), out ${
      int(m.output_tokens ?? 0)
    }`
    : "";
  const error = s.status === "error" ? `  error ${s.errorType}` : "";
  return `  ${ms(s.duration)} ms${tokens}${error}`;
}

function tokensByModel(metrics: readonly MetricSnapshot[]): ModelTokens[] {
  const usage = metrics.find((m) => m.name === "gen_ai.client.token.usage");
  const byModel = new Map<
    string,
    ModelTokens & { responses: number; input: number; output: number }
  >();
  for (const { tags, value } of usage?.series ?? []) {
    const key = `${tags.model}\u0000${tags.provider}`;
    let entry = byModel.get(key);
    if (entry === undefined) {
      entry = { model: tags.model, provider: tags.provider, responses: 0, input: 0, output: 0 };
      byModel.set(key, entry);
    }
    const { count, sum } = value as DistributionValue;
    if (tags.token_type === "input") {
      entry.responses = count;
      entry.input = sum;
    } else if (tags.token_type === "output") entry.output = sum;
  }
  return [...byModel.values()].sort((a, b) => b.input - a.input || (a.model < b.model ? -1 : 1));
}

/** How a summary is drawn. */
export interface RenderOptions {
  /** Bold headings (ANSI). */
  readonly colors: boolean;
  /** The heading's first line, e.g. `5 sessions, seed 42`. */
  readonly title: string;
}

/** Milliseconds with one decimal, thousands separated: `12,345.6`. */
export function ms(value: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** An integer, thousands separated: `12,345`. */
export function int(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

/** A ratio as a percentage with one decimal: `87.5%`. */
export function percent(ratio: number): string {
  return `${(100 * ratio).toFixed(1)}%`;
}

/**
 * The summary as text: one table per section, columns aligned, numbers right-aligned.
 *
 * @example
 * ```ts
 * console.log(renderSummary(readSummary([]), { colors: false, title: "demo" }));
 * ```
 */
export function renderSummary(summary: Summary, options: RenderOptions): string {
  const bold = (s: string) => (options.colors ? `\x1b[1m${s}\x1b[22m` : s);
  const out: string[] = [bold(options.title), ""];
  const section = (title: string, head: string[], rows: string[][], align: string) => {
    out.push(bold(title), ...table(head, rows, align), "");
  };
  const events = Object.keys(summary.counts).sort();
  section("Events", ["event", "count"], events.map((e) => [e, int(summary.counts[e])]), "lr");
  const timed = Object.keys(summary.durations).sort();
  section(
    "Durations (ms)",
    ["event", "count", "p50", "p95", "p99", "max"],
    timed.map((e) => {
      const d = summary.durations[e];
      return [
        e,
        int(d.count),
        ms(d.quantiles.p50),
        ms(d.quantiles.p95),
        ms(d.quantiles.p99),
        ms(d.max),
      ];
    }),
    "lrrrrr",
  );
  section(
    "Tokens by model",
    ["model", "provider", "responses", "input", "output"],
    summary.tokens.map((t) => [t.model, t.provider, int(t.responses), int(t.input), int(t.output)]),
    "llrrr",
  );
  section(
    "Context cache",
    ["cache", "hits", "misses", "hit ratio"],
    summary.caches.map((c) => [c.cache, int(c.hits), int(c.misses), percent(c.ratio)]),
    "lrrr",
  );
  const c = summary.cost;
  const costRows = (totals: Readonly<Record<string, CostTotal>>) =>
    Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : 1)).map((
      [key, t],
    ) => [key, int(t.responses), int(t.unpriced), costText(t)]);
  section(
    `Cost by model (local prices, USD): ${costText(c.total)}, ${
      int(c.total.responses)
    } responses priced, ${int(c.total.unpriced)} not`,
    ["model", "priced", "unpriced", "cost"],
    costRows(c.byModel),
    "lrrr",
  );
  section("Cost by agent", ["agent", "priced", "unpriced", "cost"], costRows(c.byAgent), "lrrr");
  const unpriced = Object.entries(c.unpriced).sort(([a], [b]) => (a < b ? -1 : 1));
  if (unpriced.length > 0) {
    out.push(bold("Unpriced (cost unknown, not zero)"));
    for (const [model, u] of unpriced) {
      out.push(`  ${model}: ${int(u.count)} responses, ${u.reason}`);
    }
    out.push("");
  }
  if (summary.trace.spans.length > 0) {
    out.push(bold(`Trace of session ${summary.trace.session}`));
    out.push(
      ...drawSpanTree(summary.trace.spans, { label: spanLabel }).split("\n").map((l) => `  ${l}`),
    );
    out.push("");
  }
  out.push(bold(`Alerts fired: ${summary.alerts.length}`));
  if (summary.alerts.length > 0) {
    out.push(...table(
      ["time", "rule", "severity", "value", "condition"],
      summary.alerts.map((a) => [
        new Date(a.at).toTimeString().slice(0, 8),
        a.rule,
        a.severity,
        Number.isInteger(a.value) ? int(a.value) : ms(a.value),
        a.condition,
      ]),
      "lllrl",
    ));
  }
  return out.join("\n");
}

/** Rows under a header, columns padded: `align` has an `l` or an `r` per column. */
function table(head: string[], rows: string[][], align: string): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (align[i] === "l" ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ").trimEnd();
  return [
    "  " + line(head),
    "  " + widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map((r) => "  " + line(r)),
  ];
}
