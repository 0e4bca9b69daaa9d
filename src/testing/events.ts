/**
 * `captureEvents()`: one handler recording events in order, with matchers that throw, as
 * Erlang's `telemetry_test` attaches an event handler for a test.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import { libraryCatalog } from "../library_events.ts";
import {
  attachMany,
  detach,
  type EventName,
  type Measurements,
  type Metadata,
} from "../telemetry.ts";
import { TelemetryAssertionError } from "./assertion_error.ts";
import { type DisposeMethod, withDispose } from "./_dispose.ts";
import { keyOf, listInOrder, listOfKey, notListened, times, wanted } from "./_event_text.ts";
import { registerSource } from "./_sources.ts";
import { copyData, matches } from "./_values.ts";

/** One event's types, as a generated module's `CatalogEvents` gives them. */
export interface EventShape {
  /** The measurements' type. */
  readonly measurements: object;
  /** The metadata's type. */
  readonly metadata: object;
}

/** Event types by dotted key, e.g. a generated module's `CatalogEvents`. */
export type EventTypes<E> = { readonly [K in keyof E]: EventShape };

/** The dotted key of an event name tuple (`["a", "b"]` → `"a.b"`); a string stays itself. */
export type EventKey<N> = N extends string ? N
  : N extends readonly [infer H extends string] ? H
  : N extends readonly [infer H extends string, ...infer R extends readonly string[]]
    ? `${H}.${EventKey<R>}`
  : string;

/** The measurements' type of event `N` in `E`, or the bus's own when `E` does not list it. */
export type MeasurementsOf<E, N> = EventKey<N> extends keyof E
  ? E[EventKey<N>] extends { readonly measurements: infer M extends object } ? M : Measurements
  : Measurements;

/** The metadata's type of event `N` in `E`, or the bus's own when `E` does not list it. */
export type MetadataOf<E, N> = EventKey<N> extends keyof E
  ? E[EventKey<N>] extends { readonly metadata: infer D extends object } ? D : Metadata
  : Metadata;

/** A partial expectation: some keys of an object, a `RegExp` for a string, else the value. */
export type Match<T> = T extends string ? T | RegExp
  : T extends readonly unknown[] ? T
  : T extends object ? { readonly [K in keyof T]?: Match<T[K]> }
  : T;

/** One captured event: copies of what the emitter gave, in the order events were executed. */
export interface CapturedEvent<M extends object = Measurements, D extends object = Metadata> {
  /** The event name, e.g. `["app", "llm", "response"]`. */
  readonly event: EventName;
  /** The event name joined with dots, e.g. `"app.llm.response"`. */
  readonly key: string;
  /** A deep copy of the measurements. */
  readonly measurements: M;
  /** A copy of the metadata: plain objects and arrays copied deeply, other objects kept. */
  readonly metadata: D;
  /** When it was captured: `Date.now()`. */
  readonly time: number;
}

/** The captured event type of event `N` in `E`. */
export type CapturedOf<E, N> = CapturedEvent<
  MeasurementsOf<E, N>,
  MetadataOf<E, N>
>;

/** What {@link EventCapture.assertNotEmitted} matches: a partial match on either part. */
export interface EventMatch<M extends object = Measurements, D extends object = Metadata> {
  /** Measurements the event must have (other keys are ignored). */
  readonly measurements?: Match<M>;
  /** Metadata the event must have, matched partially and deeply. */
  readonly metadata?: Match<D>;
}

/** What {@link EventCapture.assertEmitted} expects. */
export interface EmittedOptions<M extends object = Measurements, D extends object = Metadata>
  extends EventMatch<M, D> {
  /**
   * How many matching events there must be.
   * @default at least one
   */
  readonly times?: number;
}

/** Options of {@link captureEvents}. */
export interface CaptureEventsOptions {
  /**
   * The handler id.
   * @default "jido-testing-capture-<n>", unique in the process
   */
  readonly id?: string;
  /**
   * With a catalog: also capture the library's own events (`telemetry.handler.failure`,
   * `telemetry.alert.*`, `telemetry.runtime.poll`, `telemetry.otlp.export`).
   * @default false
   */
  readonly libraryEvents?: boolean;
  /**
   * Whether to copy measurements and metadata as they arrive; `false` keeps the very objects
   * the handler received, for a test of their identity (later changes then show).
   * @default true
   */
  readonly copy?: boolean;
}

/** Events recorded by one handler, the matchers over them, and its removal. */
export interface EventCapture<E = Record<never, never>> {
  /** The id of the handler it attached. */
  readonly handlerId: string;
  /** The event names it listens to. */
  readonly eventNames: readonly EventName[];
  /** Whether {@link EventCapture.dispose} was called. */
  readonly disposed: boolean;
  /** Every captured event, in order (a new array). */
  events(): CapturedEvent[];
  /** The captured events of one name (an array or a dotted key), typed from the catalog. */
  events<N extends EventName | string>(name: N): CapturedOf<E, N>[];
  /** Forgets every captured event. */
  clear(): void;
  /**
   * Throws unless an event of `name` matching `options` was captured (`times` times if given).
   * @throws {TelemetryAssertionError} Listing the captured events of that name.
   */
  assertEmitted<N extends EventName | string>(
    name: N,
    options?: EmittedOptions<MeasurementsOf<E, N>, MetadataOf<E, N>>,
  ): void;
  /**
   * Throws if an event of `name` (matching `match`, if given) was captured.
   * @throws {TelemetryAssertionError} Listing the events that matched.
   */
  assertNotEmitted<N extends EventName | string>(
    name: N,
    match?: EventMatch<MeasurementsOf<E, N>, MetadataOf<E, N>>,
  ): void;
  /**
   * Throws unless the events were captured in this order, others possibly in between.
   * @throws {TelemetryAssertionError} Listing every captured event in order.
   */
  assertOrder(names: readonly (EventName | string)[]): void;
  /** Detaches the handler (once; later calls do nothing). The events stay readable. */
  dispose(): void;
}

let nextId = 0;

/**
 * Attaches one handler to the given event names, or to every event of a catalog, and records
 * each event it receives. Type it with a generated module's `CatalogEvents` to get typed
 * records and expectations. Dispose of it (`dispose()`, or `using` where the runtime has
 * `Symbol.dispose`) to detach.
 *
 * @param source Event names, or a catalog whose every event is captured.
 * @param options The handler id; whether to capture the library's own events too.
 * @returns The capture.
 * @throws {TypeError} If a name is not a valid event name.
 * @throws {TelemetryError} If the handler id is taken.
 * @example
 * ```ts
 * import { emitLlmResponse, LLM_RESPONSE, standardCatalog, type StandardCatalogEvents } from "@jido/telemetry";
 * import { captureEvents } from "@jido/telemetry/testing";
 *
 * const capture = captureEvents<StandardCatalogEvents>(standardCatalog);
 * emitLlmResponse({ duration: 812, input_tokens: 1200, output_tokens: 96 }, {
 *   model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop",
 * });
 * capture.assertEmitted(LLM_RESPONSE, { times: 1, metadata: { model: "claude-sonnet-4" } });
 * console.log(capture.events(LLM_RESPONSE)[0].measurements.output_tokens); // 96
 * capture.dispose();
 * ```
 */
export function captureEvents<E extends EventTypes<E> = Record<never, never>>(
  source: readonly EventName[] | Catalog,
  options: CaptureEventsOptions = {},
): EventCapture<E> & DisposeMethod {
  const names: EventName[] = Array.isArray(source)
    ? [...source as readonly EventName[]]
    : (source as Catalog).events.map((e) => e.name);
  if (!Array.isArray(source) && options.libraryEvents === true) {
    names.push(...libraryCatalog.events.map((e) => e.name));
  }
  const handlerId = options.id ?? `jido-testing-capture-${++nextId}`;
  let seen: CapturedEvent[] = [];
  const copy = options.copy !== false;
  attachMany(handlerId, names, (event, measurements, metadata) => {
    // Never throws: a handler that throws is detached by the bus, and the capture would go
    // deaf with every later matcher wrong. What cannot be copied is kept as it came.
    const safeCopy = <T>(value: T): T => {
      if (!copy) return value;
      try {
        return copyData(value);
      } catch {
        return value;
      }
    };
    seen.push({
      event,
      key: event.join("."),
      measurements: safeCopy(measurements),
      metadata: safeCopy(metadata),
      time: Date.now(),
    });
  });
  const listened = [...new Set(names.map(keyOf))];
  const check = (name: EventName | string): string => {
    const key = keyOf(name);
    if (!listened.includes(key)) throw new TelemetryAssertionError(notListened(key, listened));
    return key;
  };
  const matching = (key: string, match: EventMatch<object, object>): CapturedEvent[] =>
    seen.filter((e) =>
      e.key === key &&
      (match.measurements === undefined || matches(e.measurements, match.measurements)) &&
      (match.metadata === undefined || matches(e.metadata, match.metadata))
    );
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    detach(handlerId);
  };
  const capture: EventCapture<E> = {
    handlerId,
    eventNames: Object.freeze(names),
    get disposed() {
      return disposed;
    },
    events: ((name?: EventName | string): CapturedEvent[] => {
      if (name === undefined) return [...seen];
      const key = check(name);
      return seen.filter((e) => e.key === key);
    }) as EventCapture<E>["events"],
    clear() {
      seen = [];
    },
    assertEmitted(name, options = {}) {
      const key = check(name);
      const found = matching(key, options).length;
      const expected = options.times;
      if (expected === undefined ? found > 0 : found === expected) return;
      const what = wanted(options.measurements, options.metadata);
      const count = expected === undefined ? "" : ` ${times(expected)}`;
      const got = found === 0
        ? "no captured event matched"
        : `${found} captured ${found === 1 ? "event" : "events"} matched`;
      throw new TelemetryAssertionError(
        `Expected ${key} to be emitted${count}${what}, but ${got}\n${listOfKey(seen, key)}`,
      );
    },
    assertNotEmitted(name, match = {}) {
      const key = check(name);
      const found = matching(key, match);
      if (found.length === 0) return;
      const what = wanted(match.measurements, match.metadata);
      throw new TelemetryAssertionError(
        `Expected ${key} not to be emitted${what}, but it was, ${times(found.length)}\n` +
          listOfKey(seen, key),
      );
    },
    assertOrder(order) {
      const keys = order.map(check);
      let at = 0;
      for (let i = 0; i < keys.length; i++) {
        const next = seen.findIndex((e, j) => j >= at && e.key === keys[i]);
        if (next >= 0) {
          at = next + 1;
          continue;
        }
        const never = !seen.some((e) => e.key === keys[i]);
        const why = never || i === 0
          ? `${keys[i]} was never captured`
          : `no ${keys[i]} was captured after ${keys[i - 1]} (#${at})`;
        throw new TelemetryAssertionError(
          `Expected events in order ${keys.join(" → ")}, but ${why}\n${listInOrder(seen)}`,
        );
      }
    },
    dispose,
  };
  registerSource(
    capture,
    () => seen.map((e, i) => ({ where: `event #${i + 1} ${e.key}`, value: e })),
  );
  return withDispose(capture, dispose);
}
