/**
 * Turning event metadata into a table key for a metric's tag set, and back.
 *
 * Zero tags use one constant key; one tag uses the tag value itself (a string); more tags use a
 * tuple of tag values. None of these can equal the table's overflow key `["__overflow__"]`.
 *
 * Tag values are read from own properties only, so a tag named like an inherited member
 * (`constructor`, `toString`) is `""` when absent; tag objects are built with own data
 * properties, so a `__proto__` tag is kept as a tag rather than setting a prototype.
 *
 * @module
 */

import { defineOwn } from "../objects.ts";
import { type Key, overflowKey } from "../store/mod.ts";
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

/** The tag value `tag` of `source` as a string, reading own properties only. */
function tagOf(source: Readonly<Record<string, unknown>>, tag: string): string {
  return Object.hasOwn(source, tag) ? tagString(source[tag]) : "";
}

/**
 * `tagValues` functions known to copy the metadata's own tags and add one constant tag (the
 * default token and cache definitions): their key is read from the metadata directly, without
 * building the object they return.
 */
const withConstant = new WeakMap<
  (metadata: Metadata) => Readonly<Record<string, unknown>>,
  { readonly tag: string; readonly value: string }
>();

/**
 * A `tagValues` function copying the own `tags` of the metadata and adding `tag: value`. The
 * object it returns has no prototype, so no tag name (`__proto__`, `constructor`) is special;
 * the recorder of a definition using it does not call it (see {@link compileTagKey}).
 */
export function withConstantTag(
  tags: readonly string[],
  tag: string,
  value: string,
): (metadata: Metadata) => Record<string, unknown> {
  const copied = tags.filter((t) => t !== tag);
  const fn = (metadata: Metadata) => {
    const out: Record<string, unknown> = Object.create(null);
    out[tag] = value;
    for (const t of copied) if (Object.hasOwn(metadata, t)) out[t] = metadata[t];
    return out;
  };
  withConstant.set(fn, { tag, value });
  return fn;
}

/** Compiles the function from metadata to the tag-set key of a definition. */
export function compileTagKey(def: MetricDefinition): (metadata: Metadata) => Key {
  // Not the definition's frozen array: V8 11 reads a frozen array's elements about 3 times
  // slower, and the key is built from the tags on every sample.
  const tags = def.tags.slice();
  const { tagValues } = def;
  if (tags.length === 0) return () => noTags;
  const constant = tagValues === undefined ? undefined : withConstant.get(tagValues);
  if (constant !== undefined && tags.length > 1) {
    const at = tags.indexOf(constant.tag);
    return (metadata) => {
      const key = new Array<string>(tags.length);
      for (let i = 0; i < tags.length; i++) {
        key[i] = i === at ? constant.value : tagOf(metadata, tags[i]);
      }
      return key;
    };
  }
  if (tags.length === 1) {
    const tag = tags[0];
    return tagValues === undefined
      ? (metadata) => tagOf(metadata, tag)
      : (metadata) => tagOf(tagValues(metadata), tag);
  }
  return (metadata) => {
    const source = tagValues === undefined ? metadata : tagValues(metadata);
    const key = new Array<string>(tags.length);
    for (let i = 0; i < tags.length; i++) key[i] = tagOf(source, tags[i]);
    return key;
  };
}

/**
 * The tag object of a series, from its table key: a plain object whose tags are own enumerable
 * data properties (defined, not assigned, so `__proto__` is a tag like any other).
 */
export function tagsOfKey(tags: readonly string[], key: Key): Readonly<Record<string, string>> {
  if (key === overflowKey) return { overflow: "true" };
  const out: Record<string, string> = {};
  for (let i = 0; i < tags.length; i++) {
    const value = tags.length === 1 ? key as string : (key as readonly string[])[i];
    defineOwn(out, tags[i], value);
  }
  return out;
}
