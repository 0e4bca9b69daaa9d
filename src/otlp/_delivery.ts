// Private: the one delivery core of the three signals. Entries wait in a bounded queue, leave
// in batches (full, after the schedule delay, or when a flush asks), are cut into bodies no
// larger than the cap, and each body is POSTed with retries on 429, 502, 503, 504 and network
// errors (Retry-After honoured, else exponential backoff with full jitter), within the export's
// time budget. One export is in flight at a time, so entries leave in the order they came.

import { libraryChannels } from "../library_events.ts";
import { unrefTimer } from "../timer.ts";
import { cut, type Entry, type Envelope, writeBody } from "./_body.ts";
import type { SignalConfig } from "./_config.ts";
import { send } from "./_send.ts";

/** How often and how long a body is retried. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** What the core needs to know about its signal. */
export interface DeliveryOptions {
  readonly envelope: Envelope;
  /** The `resource` member of every request, as JSON text. */
  readonly resource: string;
  readonly config: SignalConfig;
  /** The member of `partialSuccess` that counts rejected entries (`rejectedSpans`, ...). */
  readonly rejectedKey: string;
  readonly maxQueueSize: number;
  readonly maxBatchSize: number;
  readonly scheduleDelayMs: number;
  readonly maxBodyBytes: number;
  readonly retry: RetryPolicy;
  /** Reports a failure on stderr, once per `key`. */
  readonly report: (key: string, message: string) => void;
}

/** What one signal has sent and lost. */
export interface DeliveryStats {
  readonly sent: number;
  readonly dropped: number;
  readonly rejected: number;
  readonly queued: number;
  readonly requests: number;
  readonly retries: number;
  readonly lastError: string | undefined;
}

/** A signal's queue and sender. */
export interface Delivery {
  /** Queues an entry (or drops it, counted, when the queue is full or closed). Never throws. */
  push(entry: Entry): void;
  /** Sends what is queued now, without waiting for the schedule delay. */
  send(): void;
  /** Resolves when every entry pushed so far is settled, or at `deadline` (epoch ms). */
  flush(deadline: number): Promise<void>;
  /** Refuses further entries. */
  close(): void;
  /** Whether entries are queued or in flight. */
  busy(): boolean;
  stats(): DeliveryStats;
}

/** Creates the delivery core of one signal. */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { envelope, resource, maxQueueSize, maxBatchSize, maxBodyBytes, report } = options;
  const queue: Entry[] = [];
  let inFlight = 0;
  let pushed = 0;
  let settled = 0;
  let sent = 0;
  let dropped = 0;
  let rejected = 0;
  let requests = 0;
  let retries = 0;
  let lastError: string | undefined;
  let closed = false;
  let running = false;
  let due = false;
  let urgent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiters: { target: number; resolve: () => void }[] = [];

  const signal = envelope.items === "spans"
    ? "traces"
    : envelope.items === "metrics"
    ? "metrics"
    : "logs";
  /** Drops not yet told in a `telemetry.otlp.export` event, and the last reason. */
  let untold = 0;
  let untoldReason: string | undefined;
  /** Publishes `telemetry.otlp.export` if someone listens; never throws. */
  const tell = (
    sentNow: number,
    rejectedNow: number,
    requestsNow: number,
    duration: number,
    reason: string | undefined,
    settledNow: number,
  ): void => {
    const ch = libraryChannels.otlpExport;
    if (!ch.hasSubscribers) {
      untold = 0;
      return;
    }
    const lost = untold;
    const why = reason ?? untoldReason;
    untold = 0;
    untoldReason = undefined;
    try {
      ch.publish({
        sent: sentNow,
        rejected: rejectedNow,
        dropped: lost,
        queued: queue.length + inFlight - settledNow,
        requests: requestsNow,
        duration,
      }, {
        signal,
        outcome: lost > 0 && sentNow === 0
          ? "dropped"
          : rejectedNow > 0 || lost > 0
          ? "partial"
          : "sent",
        ...(why === undefined ? {} : { reason: why }),
      });
    } catch {
      // Telemetry about telemetry must not stop the delivery.
    }
  };

  const fail = (key: string, count: number, message: string): void => {
    dropped += count;
    untold += count;
    untoldReason = key;
    lastError = message;
    report(key, message);
  };

  const wake = (): void => {
    if (waiters.length === 0) return;
    const ready = waiters.filter((w) => w.target <= settled);
    if (ready.length === 0) return;
    waiters = waiters.filter((w) => w.target > settled);
    for (const w of ready) w.resolve();
  };

  const arm = (): void => {
    if (timer !== undefined || queue.length === 0) return;
    timer = unrefTimer(setTimeout(() => {
      timer = undefined;
      due = true;
      kick();
    }, options.scheduleDelayMs));
  };

  const sendBatch = async (batch: Entry[]): Promise<void> => {
    const { batches, tooLarge } = cut(envelope, resource, batch, maxBatchSize, maxBodyBytes);
    if (tooLarge.length > 0) {
      fail(
        "too-large",
        tooLarge.length,
        `${tooLarge.length} ${envelope.items} each larger than maxBodyBytes (${maxBodyBytes}) were dropped`,
      );
    }
    let done = tooLarge.length;
    if (batches.length === 0) tell(0, 0, 0, 0, undefined, done);
    for (const part of batches) {
      const began = Date.now();
      const result = await send(writeBody(envelope, resource, part), part.length, options);
      requests += result.requests;
      retries += Math.max(0, result.requests - 1);
      sent += result.accepted;
      rejected += result.rejected;
      if (result.rejected > 0 || result.warning !== undefined) {
        lastError = result.warning;
        report("partial", result.warning ?? "the receiver rejected part of a request");
      }
      if (result.failure !== undefined) {
        fail(result.failure.key, part.length, result.failure.message);
      }
      done += part.length;
      tell(result.accepted, result.rejected, result.requests, Date.now() - began, undefined, done);
    }
  };

  const pump = async (): Promise<void> => {
    try {
      while (queue.length > 0 && (urgent > 0 || due || queue.length >= maxBatchSize)) {
        due = false;
        const batch = queue.splice(0, maxBatchSize);
        inFlight += batch.length;
        try {
          await sendBatch(batch);
        } catch (error) {
          // Nothing above throws; should it, the batch is lost, not the application.
          fail("internal", batch.length, error instanceof Error ? error.message : String(error));
        }
        inFlight -= batch.length;
        settled += batch.length;
        wake();
      }
    } finally {
      running = false;
      arm();
    }
  };

  const kick = (): void => {
    if (running) return;
    running = true;
    void pump();
  };

  return {
    push(entry) {
      if (closed) {
        fail("closed", 1, `the exporter is shut down; ${envelope.items} are dropped`);
        return;
      }
      if (queue.length >= maxQueueSize) {
        fail(
          "queue-full",
          1,
          `the queue is full (maxQueueSize ${maxQueueSize}); newer ${envelope.items} are dropped`,
        );
        return;
      }
      queue.push(entry);
      pushed++;
      if (queue.length >= maxBatchSize) kick();
      else if (!running) arm();
    },
    send() {
      if (queue.length === 0) return;
      due = true;
      kick();
    },
    async flush(deadline) {
      const target = pushed;
      if (settled >= target) return;
      urgent++;
      let stop: ReturnType<typeof setTimeout> | undefined;
      let waiter: { target: number; resolve: () => void } | undefined;
      try {
        kick();
        await new Promise<void>((resolve) => {
          waiter = { target, resolve };
          waiters.push(waiter);
          // Not unref'd: the caller awaits delivery, so the process stays until the deadline.
          stop = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        });
      } finally {
        clearTimeout(stop);
        urgent--;
        waiters = waiters.filter((w) => w !== waiter);
      }
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    busy: () => queue.length > 0 || inFlight > 0,
    stats: () => ({
      sent,
      dropped,
      rejected,
      queued: queue.length + inFlight,
      requests,
      retries,
      lastError,
    }),
  };
}
