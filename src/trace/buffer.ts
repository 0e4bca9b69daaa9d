/**
 * A bounded in-memory buffer of finished spans: the last N spans that ended, oldest first.
 *
 * @module
 */

import { type FinishedSpan, onSpanEnd } from "../finished_span.ts";

/** Options of {@link recordSpans}. */
export interface RecordSpansOptions {
  /** How many spans the buffer keeps; older ones are dropped first. Default 1000. */
  readonly capacity?: number;
}

/** The spans recorded since {@link recordSpans} was called, in the order they ended. */
export interface SpanRecorder {
  /** The spans kept, oldest first (a copy). */
  spans(): FinishedSpan[];
  /** The spans of one trace, in the order they ended. */
  trace(traceId: string): FinishedSpan[];
  /** How many spans were dropped because the buffer was full. */
  readonly dropped: number;
  /** Empties the buffer (the dropped count too). */
  clear(): void;
  /** Stops recording; the spans kept stay readable. */
  stop(): void;
}

/**
 * Records every span that ends from now on in a ring of `capacity` spans. While a recorder is
 * active, every `span()` is recorded (ids, times, parents) even when no handler listens.
 *
 * @param options The buffer's capacity.
 * @returns The recorder.
 * @throws {RangeError} When `capacity` is not a positive integer.
 * @example
 * ```ts
 * import { span } from "@jido/telemetry";
 * import { recordSpans } from "@jido/telemetry/trace";
 *
 * const recorder = recordSpans({ capacity: 100 });
 * span(["app", "session"], {}, () => span(["app", "step"], {}, () => 1));
 * console.log(recorder.spans().map((s) => s.name)); // ["app.step", "app.session"]
 * recorder.stop();
 * ```
 */
export function recordSpans(options: RecordSpansOptions = {}): SpanRecorder {
  const capacity = options.capacity ?? 1000;
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`capacity must be a positive integer, got ${String(capacity)}`);
  }
  let ring: FinishedSpan[] = [];
  let next = 0;
  let dropped = 0;
  let off: (() => void) | undefined = onSpanEnd((s) => {
    if (ring.length < capacity) ring.push(s);
    else {
      ring[next] = s;
      next = (next + 1) % capacity;
      dropped++;
    }
  });
  const ordered = (): FinishedSpan[] => [...ring.slice(next), ...ring.slice(0, next)];
  const stop = (): void => {
    off?.();
    off = undefined;
  };
  return {
    spans: ordered,
    trace: (traceId) => ordered().filter((s) => s.traceId === traceId),
    get dropped() {
      return dropped;
    },
    clear() {
      ring = [];
      next = 0;
      dropped = 0;
    },
    stop,
  };
}
