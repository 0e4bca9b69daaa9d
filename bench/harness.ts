/**
 * The benchmark's harness: a case runs ours and a peer doing the same work, side by side in one
 * process, after checking once that they did the same work. Each side is measured with mitata's
 * `measure()`, alternating ours and the peer over rounds so that drift (frequency scaling,
 * another process) hits both; the figure is the median of the rounds' medians.
 *
 * @module
 */

import { do_not_optimize, measure } from "mitata";

/** What a row must reach: a ratio ours / peer at most, or an absolute time at most. */
export type Target = { readonly ratio: number } | { readonly ns: number };

/** One row of the benchmark. */
export interface Case {
  /** The row's name, e.g. "execute(name), one handler". */
  readonly name: string;
  /** The peer's name, e.g. "EventEmitter.emit"; omitted when the target is absolute. */
  readonly peer?: string;
  readonly target: Target;
  /** Attaches handlers, builds loggers: anything the two sides need, off the clock. */
  setup?(): void | Promise<void>;
  /** Undoes `setup()`. */
  teardown?(): void | Promise<void>;
  /**
   * Runs both sides once and throws unless they did the same work (the same line, the same
   * recorded count); returns a sentence saying what was compared.
   */
  check(): string | Promise<string>;
  /** One operation of ours. */
  readonly ours: () => unknown;
  /** One operation of the peer's. */
  readonly theirs?: () => unknown;
  /** Whether the operations return promises to wait for. @default false */
  readonly async?: boolean;
}

/** A measured row. */
export interface Result {
  readonly name: string;
  readonly ours_ns: number;
  readonly peer: string | null;
  readonly peer_ns: number | null;
  /** ours / peer, or null for an absolute target. */
  readonly ratio: number | null;
  /** The target as written in the issue: `<= 0.35` or `<= 2 ns`. */
  readonly target: string;
  readonly met: boolean;
  /** What the equal-work check compared. */
  readonly checked: string;
  /** What `ours_ns` and `peer_ns` count when not nanoseconds. @default "ns" */
  readonly unit?: "bytes";
}

/** How long to measure. */
export interface RunOptions {
  /** Brief runs (to prove the cases still work, not to measure). */
  readonly quick: boolean;
}

async function median(fn: () => unknown, quick: boolean, async: boolean): Promise<number> {
  // An async operation is awaited inside the measured function: mitata times a returned promise
  // to its settling, and work done in later microtasks counts.
  const stats = await measure(
    async ? async () => do_not_optimize(await fn()) : () => do_not_optimize(fn()),
    {
      min_cpu_time: quick ? 1e6 : 300e6,
      min_samples: quick ? 2 : 12,
      max_samples: quick ? 64 : 1e9,
    } as Parameters<typeof measure>[1],
  );
  return stats.p50;
}

function mid(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Sets up, checks and measures one case, and tears it down whatever happens. */
export async function runCase(c: Case, options: RunOptions): Promise<Result> {
  await c.setup?.();
  try {
    const checked = await c.check();
    const rounds = options.quick ? 1 : 3;
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(await median(c.ours, options.quick, c.async === true));
      if (c.theirs) theirs.push(await median(c.theirs, options.quick, c.async === true));
    }
    const ours_ns = mid(ours);
    const peer_ns = c.theirs ? mid(theirs) : null;
    const ratio = peer_ns === null ? null : ours_ns / peer_ns;
    const met = "ratio" in c.target
      ? ratio !== null && ratio <= c.target.ratio
      : ours_ns <= c.target.ns;
    return {
      name: c.name,
      ours_ns,
      peer: c.peer ?? null,
      peer_ns,
      ratio,
      target: "ratio" in c.target ? `<= ${c.target.ratio}` : `<= ${c.target.ns} ns`,
      met,
      checked,
    };
  } finally {
    await c.teardown?.();
  }
}

/** A value's JSON with every object's keys sorted, so that key order does not count. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : v,
  );
}

/** Throws with both values unless they are equal (compared as JSON, keys in any order). */
export function same(what: string, ours: unknown, theirs: unknown): void {
  const a = canonical(ours);
  const b = canonical(theirs);
  if (a !== b) throw new Error(`Unequal work (${what}):\n  ours:   ${a}\n  theirs: ${b}`);
}

/** Nanoseconds as printed: about 3 significant digits, `us` past 10,000 ns, `ms` past 10 ms, `s` past 1 s. */
export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 10_000_000) return `${(ns / 1e6).toFixed(ns >= 1e8 ? 0 : 1)} ms`;
  if (ns >= 10_000) return `${(ns / 1000).toFixed(ns >= 1e6 ? 0 : 1)} us`;
  return `${ns < 10 ? ns.toFixed(2) : ns < 100 ? ns.toFixed(1) : ns.toFixed(0)} ns`;
}

/** The results as a Markdown table. */
export function table(results: readonly Result[]): string {
  const format = (r: Result, v: number) => (r.unit === "bytes" ? `${v.toFixed(0)} B` : formatNs(v));
  const rows = results.map((r) => [
    r.name,
    format(r, r.ours_ns),
    r.peer ?? "",
    r.peer_ns === null ? "" : format(r, r.peer_ns),
    r.ratio === null ? "" : r.ratio.toFixed(2),
    r.target,
    r.met ? "yes" : "no",
  ]);
  const head = ["case", "ours", "peer", "peer time", "ratio", "target", "met"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${
      cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(
        " | ",
      )
    } |`;
  return [
    line(head),
    `|${
      widths.map((w, i) => (i === 0 || i === 2 ? ` ${"-".repeat(w)} ` : ` ${"-".repeat(w - 1)}: `))
        .join("|")
    }|`,
    ...rows.map(line),
  ].join("\n");
}
