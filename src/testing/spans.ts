/**
 * `captureSpans()`: the spans that end while it records, and `assertSpanTree()` comparing their
 * tree with an expected one, both drawn as text when they differ.
 *
 * @module
 */

import { type FinishedSpan, recordSpans, type SpanNode, spanTree } from "../trace/mod.ts";
import { TelemetryAssertionError } from "./assertion_error.ts";
import { type DisposeMethod, withDispose } from "./_dispose.ts";
import { registerSource } from "./_sources.ts";
import { matches, show } from "./_values.ts";

/** One expected span of a tree. */
export interface ExpectedSpan {
  /** Its name, equal to a string or matching a `RegExp`, e.g. `"chat claude-sonnet-4"`. */
  readonly name: string | RegExp;
  /** `"ok"` or `"error"`; not checked if left out. */
  readonly status?: "ok" | "error";
  /** Attributes it must have (others are ignored). */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Metadata it must have (others are ignored). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Its children, all of them, by start time; not checked if left out. */
  readonly children?: readonly ExpectedSpan[];
}

/** Options of {@link captureSpans}. */
export interface CaptureSpansOptions {
  /**
   * How many spans it keeps; older ones are dropped first.
   * @default 1000
   */
  readonly capacity?: number;
}

/** The spans that ended since {@link captureSpans}, and a matcher over their tree. */
export interface SpanCapture {
  /** The spans kept, in the order they ended (a new array). */
  spans(): FinishedSpan[];
  /** The spans as trees: the roots, children by start time. */
  tree(): SpanNode[];
  /** Forgets every span. */
  clear(): void;
  /**
   * Throws unless the spans' trees are exactly `expected`: the same roots, in start order,
   * each matching (children checked where given).
   * @throws {TelemetryAssertionError} With both trees drawn and the first difference.
   */
  assertSpanTree(expected: ExpectedSpan | readonly ExpectedSpan[]): void;
  /** Stops recording (once); the spans stay readable. */
  dispose(): void;
}

/** The first difference between a node and what was expected of it, or `undefined`. */
function differ(
  node: SpanNode,
  want: ExpectedSpan,
  path: string,
  position: string,
): string | undefined {
  const s = node.span;
  if (!matches(s.name, want.name)) {
    const at = path === "" ? position : `${path} › ${position}`;
    return `${at}: expected name ${show(want.name)}, got ${show(s.name)}`;
  }
  const here = path === "" ? s.name : `${path} › ${s.name}`;
  if (want.status !== undefined && s.status !== want.status) {
    return `${here}: expected status ${want.status}, got ${s.status}`;
  }
  for (const part of ["attributes", "metadata"] as const) {
    const expected = want[part];
    if (expected === undefined) continue;
    for (const key of Object.keys(expected)) {
      if (!matches(s[part][key], expected[key])) {
        return `${here}: expected ${part} ${show(key)} ${show(expected[key])}, got ${
          show(s[part][key])
        }`;
      }
    }
  }
  return want.children === undefined ? undefined : differAll(node.children, want.children, here);
}

function differAll(
  nodes: readonly SpanNode[],
  wants: readonly ExpectedSpan[],
  path: string,
): string | undefined {
  const where = path === "" ? "the roots" : path;
  if (nodes.length !== wants.length) {
    const what = path === "" ? "root spans" : "children";
    return `${where}: expected ${wants.length} ${what}, got ${nodes.length}`;
  }
  for (let i = 0; i < wants.length; i++) {
    const d = differ(nodes[i], wants[i], path, `${path === "" ? "root" : "child"} ${i + 1}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Draws trees with box-drawing branches, one line per node. */
function draw<T>(
  roots: readonly T[],
  line: (node: T) => string,
  kids: (node: T) => readonly T[] | undefined,
): string {
  const out: string[] = [];
  const walk = (node: T, lead: string, branch: string): void => {
    out.push(`${lead}${branch}${line(node)}`);
    const under = lead + (branch === "" ? "" : branch === "├─ " ? "│  " : "   ");
    const children = kids(node) ?? [];
    children.forEach((c, i) => walk(c, under, i === children.length - 1 ? "└─ " : "├─ "));
  };
  for (const root of roots) walk(root, "", "");
  return out.length === 0 ? "  (no spans)" : out.map((l) => `  ${l}`).join("\n");
}

function expectedLine(e: ExpectedSpan): string {
  const name = typeof e.name === "string" ? e.name : String(e.name);
  const extra = [
    e.status === undefined ? "" : `  status=${e.status}`,
    e.attributes === undefined ? "" : `  attributes ${show(e.attributes)}`,
    e.metadata === undefined ? "" : `  metadata ${show(e.metadata)}`,
    e.children === undefined ? "  (children not checked)" : "",
  ];
  return JSON.stringify(name).slice(1, -1) + extra.join("");
}

function actualLine(node: SpanNode): string {
  const s = node.span;
  const error = s.status === "error" ? `  status=error ${s.errorType ?? ""}`.trimEnd() : "";
  return JSON.stringify(s.name).slice(1, -1) + error;
}

/**
 * Records every span that ends from now on (as `recordSpans()` does), to assert on their tree.
 * Dispose of it (`dispose()`, or `using`) to stop recording.
 *
 * @param options How many spans to keep.
 * @returns The capture.
 * @throws {RangeError} When `capacity` is not a positive integer.
 * @example
 * ```ts
 * import { chat, executeTool, invokeAgent } from "@jido/telemetry/trace";
 * import { captureSpans } from "@jido/telemetry/testing";
 *
 * const spans = captureSpans();
 * await invokeAgent("coder", {}, async () => {
 *   await chat("claude-sonnet-4", { provider: "anthropic" }, async () => "edit");
 *   executeTool("write_file", {}, () => true);
 * });
 * spans.assertSpanTree({
 *   name: "invoke_agent coder",
 *   children: [{ name: "chat claude-sonnet-4" }, { name: "execute_tool write_file", status: "ok" }],
 * });
 * spans.dispose();
 * ```
 */
export function captureSpans(options: CaptureSpansOptions = {}): SpanCapture & DisposeMethod {
  const recorder = recordSpans(options);
  const dispose = () => recorder.stop();
  const capture: SpanCapture = {
    spans: () => recorder.spans(),
    tree: () => spanTree(recorder.spans()),
    clear: () => recorder.clear(),
    assertSpanTree(expected) {
      const wants: readonly ExpectedSpan[] = Array.isArray(expected)
        ? expected
        : [expected as ExpectedSpan];
      const roots = spanTree(recorder.spans());
      const d = differAll(roots, wants, "");
      if (d === undefined) return;
      throw new TelemetryAssertionError(
        `Span tree differs: ${d}\nExpected:\n${
          draw(wants, expectedLine, (e) => e.children)
        }\nActual:\n${draw(roots, actualLine, (n) => n.children)}`,
      );
    },
    dispose,
  };
  registerSource(
    capture,
    () => recorder.spans().map((s, i) => ({ where: `span #${i + 1} ${s.name}`, value: s })),
  );
  return withDispose(capture, dispose);
}
