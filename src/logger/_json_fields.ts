// Private: the top-level metadata fields of a JSON line, `,"key":value` for each key. What a key
// needs (its escaped, reserved-prefixed name and whether it is secret) is worked out once per key
// string, and the list of those facts once per key list, so a record with a known shape costs one
// map lookup, a few string compares, and the values. Names are unique within a line: a key whose
// written name repeats one already written (`_msg` next to a renamed `msg`, two keys redacted to
// the same text) gets `_2`, `_3`, … in key order, worked out once per key list.

import { readSafely } from "../objects.ts";
import type { Metadata } from "../telemetry.ts";
import { quote } from "./_escape.ts";
import { jsonKey } from "./_fit.ts";
import { uniqueName } from "./_json_containers.ts";
import { jsonNumber, jsonString, jsonValue, plain, type Walk } from "./_json_value.ts";
import type { Redactor } from "./redact.ts";

/** What the json format knows about one metadata key. */
export interface KeyInfo {
  /** The key as a JSON literal: escaped, clipped, redacted, `_`-prefixed when reserved. */
  readonly name: string;
  /** `,"key":`, that is `,` + `name` + `:`. */
  readonly prefix: string;
  /** Whether the value under the key is replaced by the censor. */
  readonly secret: boolean;
  /** The last plain string written under the key: values often repeat. */
  text: string | undefined;
  /** `prefix` and `text` as a JSON string. */
  field: string;
}

/** A list of metadata keys in order, with the facts about each. */
export interface Shape {
  /** The keys, as `Object.keys()` returned them. */
  readonly keys: readonly string[];
  /** The facts about the first `maxItems` keys. */
  readonly infos: readonly KeyInfo[];
  /** The id of the last bound layer compared with these keys (see _json_line.ts), or 0. */
  layer: number;
  /** Whether `keys` and that layer's keys share a written name. */
  overlap: boolean;
  /** The written names of `infos`, all distinct. */
  readonly names: readonly string[];
  /** `,"…":` (made distinct from `names`) for the marker of keys left out. */
  readonly more: string;
}

/** The names the json format writes itself; metadata keys equal to one get a `_` prefix. */
const reserved = new Set(["time", "level", "msg", "pid", "hostname", "module", "caller"]);

/** Keys longer than this are not cached, so the caches stay small in bytes as well as entries. */
const longKey = 256;
/** Key lists longer than this are not cached. */
const longShape = 32;
/** Values longer than this are not remembered: short ones (names, ids, states) are the ones that repeat. */
const memoLength = 128;

const hasOwn = Object.prototype.hasOwnProperty;

/** Writes metadata fields; one per format, caching by key and key list up to fixed sizes. */
export class FieldWriter {
  readonly #redactor: Redactor;
  readonly #maxItems: number;
  readonly #maxKeys: number;
  readonly #maxShapes: number;
  readonly #keys = new Map<string, KeyInfo>();
  readonly #shapes = new Map<string, Shape>();
  #last: Shape = noKeys;

  /**
   * Makes a writer using `redactor` for key verdicts, writing at most `maxItems` keys of an
   * object, caching at most `maxKeys` keys and `maxShapes` key lists.
   */
  constructor(redactor: Redactor, maxItems: number, maxKeys = 4096, maxShapes = 1024) {
    this.#redactor = redactor;
    this.#maxItems = maxItems;
    this.#maxKeys = maxKeys;
    this.#maxShapes = maxShapes;
  }

  /** How many keys and key lists are cached. */
  get cached(): { readonly keys: number; readonly shapes: number } {
    return { keys: this.#keys.size, shapes: this.#shapes.size };
  }

  /** The facts about `key`. */
  info(key: string): KeyInfo {
    let info = this.#keys.get(key);
    if (info === undefined) {
      const name = reserved.has(key) ? quote("_" + key) : jsonKey(key, this.#redactor);
      info = {
        name,
        prefix: "," + name + ":",
        secret: this.#redactor.key(key),
        text: undefined,
        field: "",
      };
      if (key.length <= longKey) {
        if (this.#keys.size >= this.#maxKeys) this.#keys.clear();
        this.#keys.set(key, info);
      }
    }
    return info;
  }

  /**
   * The shape of `metadata`'s own enumerable string keys. A `for…in` pass compares them with
   * the cached shape for their first key (V8 runs it off the object's enum cache, which is far
   * cheaper than `Object.keys()`); only a new key list pays for `Object.keys()`.
   */
  shapeOf(metadata: Metadata): Shape {
    let shape: Shape | undefined;
    let i = 0;
    for (const key in metadata) {
      if (!hasOwn.call(metadata, key)) continue;
      if (i === 0) {
        shape = this.#last.keys[0] === key ? this.#last : this.#shapes.get(key);
        if (shape === undefined) break;
      }
      if (shape === undefined || shape.keys[i] !== key) {
        shape = undefined;
        break;
      }
      i++;
    }
    if (shape !== undefined && i === shape.keys.length) return this.#last = shape;
    return this.#last = this.shape(Object.keys(metadata));
  }

  /** The shape of a key list. */
  shape(keys: readonly string[]): Shape {
    if (keys.length === 0) return noKeys;
    const cached = this.#shapes.get(keys[0]);
    if (cached !== undefined && sameKeys(cached.keys, keys)) return cached;
    const count = Math.min(keys.length, this.#maxItems);
    const infos: KeyInfo[] = new Array(count);
    const names: string[] = new Array(count);
    const taken = new Set<string>();
    for (let i = 0; i < count; i++) {
      let info = this.info(keys[i]);
      const name = uniqueName(info.name, taken);
      if (name !== info.name) {
        info = { ...info, name, prefix: "," + name + ":", text: undefined, field: "" };
      }
      infos[i] = info;
      names[i] = name;
    }
    const more = "," + uniqueName('"…"', taken) + ":";
    const shape: Shape = { keys, infos, layer: 0, overlap: false, names, more };
    if (keys.length <= longShape && count === keys.length) {
      if (this.#shapes.size >= this.#maxShapes) this.#shapes.clear();
      this.#shapes.set(keys[0], shape);
    }
    return shape;
  }

  /**
   * `,"key":value` for each key of `shape`, read from `metadata`; never throws on a value. The
   * values are read in a `for…in` loop while it yields the shape's keys (the fast way to read
   * them), then by key: a getter that adds or deletes keys cannot change which keys are written.
   */
  write(metadata: Metadata, shape: Shape, walk: Walk): string {
    const { keys, infos } = shape;
    if (keys.length === 0) return "";
    const start = walk.budget;
    let out = "";
    let i = 0;
    for (const key in metadata) {
      if (key !== keys[i]) break;
      walk.budget = start - out.length;
      if (i >= infos.length || walk.budget < infos[i].prefix.length) {
        return out + more(shape, keys.length - i);
      }
      const value = readSafely(metadata, key);
      if (value !== undefined) out += field(value, infos[i], walk);
      if (++i === keys.length) return out;
    }
    for (; i < keys.length; i++) {
      walk.budget = start - out.length;
      if (i >= infos.length || walk.budget < infos[i].prefix.length) {
        return out + more(shape, keys.length - i);
      }
      const value = readSafely(metadata, keys[i]);
      if (value !== undefined) out += field(value, infos[i], walk);
    }
    return out;
  }
}

function more(shape: Shape, count: number): string {
  return shape.more + quote(`[${count} more keys]`);
}

/** `,"key":value` for a defined value. */
function field(value: unknown, info: KeyInfo, walk: Walk): string {
  walk.budget -= info.prefix.length;
  if (info.secret) return info.prefix + walk.censored;
  switch (typeof value) {
    case "string":
      if (value === info.text && value.length < walk.budget) {
        walk.budget -= value.length + 2;
        return info.field;
      }
      if (!plain(value, walk)) return info.prefix + jsonString(value, walk);
      walk.budget -= value.length + 2;
      if (value.length > memoLength) return info.prefix + '"' + value + '"';
      info.text = value;
      return info.field = info.prefix + '"' + value + '"';
    case "number":
      return info.prefix + jsonNumber(value);
    case "boolean":
      return info.prefix + (value ? "true" : "false");
    default:
      return info.prefix + jsonValue(value, walk, 1);
  }
}

const noKeys: Shape = { keys: [], infos: [], layer: 0, overlap: false, names: [], more: ',"…":' };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
