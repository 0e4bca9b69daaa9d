/**
 * The text of event matchers' failures: what was expected, and the events captured.
 *
 * @module
 */

import type { EventName } from "../telemetry.ts";
import { show } from "./_values.ts";

/** A captured event as the messages read it. */
export interface Seen {
  readonly key: string;
  readonly measurements: object;
  readonly metadata: object;
}

/** At most this many events listed in one message. */
const maxListed = 20;

/** An event's dotted key, from its name or from a key already dotted. */
export function keyOf(name: EventName | string): string {
  return typeof name === "string" ? name : name.join(".");
}

/** `1 time`, `2 times`. */
export function times(n: number): string {
  return `${n} ${n === 1 ? "time" : "times"}`;
}

/** What an assertion asked for: ` with measurements matching {…} and metadata matching {…}`. */
export function wanted(measurements: unknown, metadata: unknown): string {
  const parts: string[] = [];
  if (measurements !== undefined) parts.push(`measurements matching ${show(measurements)}`);
  if (metadata !== undefined) parts.push(`metadata matching ${show(metadata)}`);
  return parts.length === 0 ? "" : ` with ${parts.join(" and ")}`;
}

/** Lines listing the captured events of one key, numbered by their place in the capture. */
export function listOfKey(all: readonly Seen[], key: string): string {
  const lines: string[] = [];
  let count = 0;
  all.forEach((e, i) => {
    if (e.key !== key) return;
    count++;
    if (count <= maxListed) {
      lines.push(`  #${i + 1} measurements ${show(e.measurements)} metadata ${show(e.metadata)}`);
    }
  });
  if (count > maxListed) lines.push(`  … and ${count - maxListed} more`);
  if (count === 0) return `Captured ${key} events: none\n${others(all)}`;
  return `Captured ${key} events (${count}):\n${lines.join("\n")}`;
}

/** The other captured events by key with their counts, or that nothing was captured. */
function others(all: readonly Seen[]): string {
  if (all.length === 0) return "No event was captured";
  const counts = new Map<string, number>();
  for (const e of all) counts.set(e.key, (counts.get(e.key) ?? 0) + 1);
  return `Captured instead: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(", ")}`;
}

/** Every captured event's key in order, numbered. */
export function listInOrder(all: readonly Seen[]): string {
  if (all.length === 0) return "No event was captured";
  const lines = all.slice(0, maxListed * 2).map((e, i) => `  #${i + 1} ${e.key}`);
  if (all.length > maxListed * 2) lines.push(`  … and ${all.length - maxListed * 2} more`);
  return `Captured events in order:\n${lines.join("\n")}`;
}

/** The keys a capture listens to, for a name it does not. */
export function notListened(key: string, listened: readonly string[]): string {
  const shown = listened.slice(0, 10).join(", ");
  const more = listened.length > 10 ? `, … (${listened.length} in all)` : "";
  return `Event ${key} is not captured: this capture listens to ${shown}${more}`;
}
