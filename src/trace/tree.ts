/**
 * Finished spans arranged as trees (parents before children, children by start time) and drawn
 * as text.
 *
 * @module
 */

import type { FinishedSpan } from "../finished_span.ts";

/** A span with its children. */
export interface SpanNode {
  /** The span. */
  readonly span: FinishedSpan;
  /** Its children, by start time. */
  readonly children: readonly SpanNode[];
}

/**
 * Arranges spans into trees: a span whose parent is among `spans` becomes its child; the others
 * (roots, and spans whose parent is elsewhere: another process, or dropped) are the roots.
 * Roots and children are ordered by start time.
 *
 * @param spans Finished spans, in any order.
 * @returns The roots.
 * @example
 * ```ts
 * import { span } from "@jido/telemetry";
 * import { recordSpans, spanTree } from "@jido/telemetry/trace";
 *
 * const recorder = recordSpans();
 * span(["app", "session"], {}, () => span(["app", "step"], {}, () => 1));
 * const [root] = spanTree(recorder.spans());
 * console.log(root.span.name, root.children[0].span.name); // "app.session" "app.step"
 * recorder.stop();
 * ```
 */
export function spanTree(spans: readonly FinishedSpan[]): SpanNode[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, FinishedSpan[]>();
  const roots: FinishedSpan[] = [];
  for (const s of spans) {
    if (s.parentSpanId !== undefined && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId);
      if (list === undefined) children.set(s.parentSpanId, [s]);
      else list.push(s);
    } else roots.push(s);
  }
  const byStart = (a: FinishedSpan, b: FinishedSpan) => a.startTime - b.startTime;
  const seen = new Set<string>();
  const build = (s: FinishedSpan): SpanNode => {
    seen.add(s.spanId);
    const kids = (children.get(s.spanId) ?? []).filter((c) => !seen.has(c.spanId));
    return { span: s, children: kids.sort(byStart).map(build) };
  };
  const trees = roots.sort(byStart).map(build);
  // Spans in a parent cycle (ids reused by hand-built spans) reach no root: drawn as roots.
  for (const s of [...spans].sort(byStart)) if (!seen.has(s.spanId)) trees.push(build(s));
  return trees;
}

/** Options of {@link drawSpanTree}. */
export interface DrawOptions {
  /**
   * What follows each span's name; by default its duration and, for a failed span, its error
   * type (`"  12.5 ms"`, `"  3.0 ms  error TypeError"`).
   */
  readonly label?: (span: FinishedSpan) => string;
}

/**
 * Control characters (a newline, an escape sequence) and bidirectional overrides shown as `\u`
 * escapes: one span, one line, read in the order it is written.
 */
function printable(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 ||
      code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    out += control ? `\\u${code.toString(16).padStart(4, "0")}` : c;
  }
  return out;
}

function defaultLabel(s: FinishedSpan): string {
  const error = s.status === "error" ? `  error ${s.errorType ?? ""}`.trimEnd() : "";
  return `  ${s.duration.toFixed(1)} ms${error}`;
}

/**
 * Draws spans as trees of text lines, one span per line, with box-drawing branches. Control
 * characters in names and labels are shown as `\u` escapes, so a name cannot break a line.
 *
 * @param spans Finished spans, in any order.
 * @param options What to print beside each name.
 * @returns The lines joined with `\n` (no trailing newline); `""` for no spans.
 * @example
 * ```ts
 * import { drawSpanTree, type FinishedSpan } from "@jido/telemetry/trace";
 *
 * const base = {
 *   traceId: "4bf92f3577b34da6a3ce929d0e0e4736", remoteParent: false, traceFlags: 1,
 *   kind: "internal", eventPrefix: [], metadata: {}, measurements: {}, attributes: {},
 *   status: "ok", errorType: undefined, errorMessage: undefined,
 * } as const;
 * const spans: FinishedSpan[] = [
 *   { ...base, spanId: "a1", parentSpanId: undefined, name: "invoke_agent planner",
 *     startTime: 0, endTime: 12, duration: 12 },
 *   { ...base, spanId: "b2", parentSpanId: "a1", name: "chat gpt-4o",
 *     startTime: 1, endTime: 9, duration: 8 },
 * ];
 * console.log(drawSpanTree(spans));
 * // invoke_agent planner  12.0 ms
 * // └─ chat gpt-4o  8.0 ms
 * ```
 */
export function drawSpanTree(spans: readonly FinishedSpan[], options: DrawOptions = {}): string {
  const label = options.label ?? defaultLabel;
  const lines: string[] = [];
  const draw = (node: SpanNode, lead: string, branch: string): void => {
    lines.push(`${lead}${branch}${printable(node.span.name + label(node.span))}`);
    const under = lead + (branch === "" ? "" : branch === "├─ " ? "│  " : "   ");
    node.children.forEach((child, i) => {
      draw(child, under, i === node.children.length - 1 ? "└─ " : "├─ ");
    });
  };
  for (const root of spanTree(spans)) draw(root, "", "");
  return lines.join("\n");
}
