/**
 * Turning event metadata into a table key for a metric's tag set, and back.
 *
 * Zero tags use one constant key; one tag uses the tag value itself (a string); more tags use a
 * tuple of tag values. None of these can equal the table's overflow key `["__overflow__"]`.
 *
 * @module
 */

import type { Key } from "../store/key.ts";
import { overflowKey } from "../store/overflow.ts";
import type { Metadata, MetricDefinition } from "./definition.ts";

const noTags: readonly string[] = Object.freeze([]);

/** A tag value as a string: `""` for a missing or null value, JSON for objects. */
export function tagString(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Compiles the function from metadata to the tag-set key of a definition. */
export function compileTagKey(def: MetricDefinition): (metadata: Metadata) => Key {
  const { tags, tagValues } = def;
  if (tags.length === 0) return () => noTags;
  if (tags.length === 1) {
    const tag = tags[0];
    return tagValues === undefined
      ? (metadata) => tagString(metadata[tag])
      : (metadata) => tagString(tagValues(metadata)[tag]);
  }
  return (metadata) => {
    const source = tagValues === undefined ? metadata : tagValues(metadata);
    const key = new Array<string>(tags.length);
    for (let i = 0; i < tags.length; i++) key[i] = tagString(source[tags[i]]);
    return key;
  };
}

/** The tag object of a series, from its table key. */
export function tagsOfKey(tags: readonly string[], key: Key): Readonly<Record<string, string>> {
  if (key === overflowKey) return { overflow: "true" };
  if (tags.length === 1) return { [tags[0]]: key as string };
  const out: Record<string, string> = {};
  for (let i = 0; i < tags.length; i++) out[tags[i]] = (key as readonly string[])[i];
  return out;
}
