/**
 * Timers that never keep the process alive, under Node (`timer.unref()`) and Deno
 * (`Deno.unrefTimer(id)`).
 *
 * @module
 */

/** The longest delay timers support: 2^31 - 1 ms (about 24.8 days); longer ones fire at once. */
export const maxTimerDelay = 2_147_483_647;

type TimerId = ReturnType<typeof setInterval>;

interface DenoTimers {
  unrefTimer?: (id: number) => void;
}

/** Makes `timer` not keep the process alive; returns it. */
export function unrefTimer(timer: TimerId): TimerId {
  if (typeof timer === "object" && timer !== null && "unref" in timer) {
    (timer as { unref(): void }).unref();
  } else if (typeof timer === "number") {
    (globalThis as { Deno?: DenoTimers }).Deno?.unrefTimer?.(timer);
  }
  return timer;
}
