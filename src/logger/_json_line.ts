// Private: the json format's line builder, which the logger calls directly. Everything constant
// for a logger (`,"pid":…,"hostname":…,"module":…` and its bound metadata, redacted) is a
// `Layer` serialised once, when the logger is made; a record then costs its time prefix, its
// message and its own fields. Bound, scope and call metadata are never merged into one object
// unless a key repeats, so no key is written twice and the later layer wins as documented.

import { quote } from "./_escape.ts";
import { FieldWriter, type Shape } from "./_json_fields.ts";
import { mergeLayers, spreadLayers } from "./_merge.ts";
import { hostName, processId } from "./_host.ts";
import { jsonTimeHead } from "./_time.ts";
import { clip, jsonString, plain, startWalk, thrown, type Walk } from "./_walk.ts";
import type { Level } from "../catalog.ts";
import type { FormatOptions } from "./json.ts";
import type { Metadata } from "./record.ts";

/** What a logger writes after every message: process facts, module and bound metadata. */
export interface Layer {
  /** A number naming this layer in shape caches. */
  readonly id: number;
  /** The logger's module, if any. */
  readonly module: string | undefined;
  /** `,"pid":…,"hostname":…` and `,"module":…` when there is a module. */
  readonly statics: string;
  /** `statics` then the bound metadata as fields. */
  readonly tail: string;
  /** The bound metadata, for records with a key that overrides one of it. */
  readonly bound: Metadata;
  /** The bound metadata's keys. */
  readonly keys: readonly string[];
}

/** The json format, split so that per-logger work is done once. */
export interface JsonLines {
  /** Serialises what is constant for a logger; never throws. */
  layer(module: string | undefined, bound: Metadata): Layer;
  /** One record's line, without the newline; never throws. */
  line(
    time: number,
    level: Level,
    message: string,
    layer: Layer,
    scope: Metadata | undefined,
    call: Metadata,
    callSite: string | undefined,
  ): string;
}

const levelMsg: Readonly<Record<Level, string>> = {
  debug: 'debug","msg":',
  info: 'info","msg":',
  warn: 'warn","msg":',
  error: 'error","msg":',
};

let lastLayerId = 0;

/** Makes the line builder for one format instance. */
export function jsonLines(options: FormatOptions): JsonLines {
  const { redactor, limits } = options;
  const pid = processId();
  const host = hostName();
  const base = (pid === undefined ? "" : ',"pid":' + pid) +
    (host === undefined ? "" : ',"hostname":' + quote(host));
  const fields = new FieldWriter(redactor, limits.maxItems);
  const shared = startWalk(redactor, limits);
  let busy = false;
  // The start of the last line, `{"time":"…","level":"…","msg":`, until the time or level changes.
  let headTime = NaN;
  let headLevel: Level | undefined;
  let lastHead = "";
  // The last plain message and its JSON: most messages are literals, logged again and again.
  let lastText: string | undefined;
  let lastJson = "";

  const messageJson = (text: string, walk: Walk): string => {
    if (text === lastText && text.length < walk.budget) {
      walk.budget -= lastJson.length;
      return lastJson;
    }
    if (!plain(text, walk)) return jsonString(text, walk);
    walk.budget -= text.length + 2;
    lastText = text;
    return lastJson = '"' + text + '"';
  };

  /** Whether a record's keys repeat a key of `layer`, remembered per key list. */
  const overlaps = (layer: Layer, shape: Shape): boolean => {
    if (shape.layer !== layer.id) {
      shape.overlap = shareKey(layer.keys, shape.keys);
      shape.layer = layer.id;
    }
    return shape.overlap;
  };

  const message = (text: string): string => {
    try {
      return quote(clip(String(text).slice(0, 1024), startWalk(redactor, limits)));
    } catch {
      return quote(redactor.censor);
    }
  };

  return {
    layer(module, bound) {
      const statics = base + (module ? ',"module":' + quote(module) : "");
      let keys: string[] = [];
      let json: string;
      try {
        keys = Object.keys(bound);
        json = fields.write(bound, fields.shape(keys), startWalk(redactor, limits));
      } catch (error) {
        json = ',"logger_error":' + quote(thrown(error));
      }
      return { id: ++lastLayerId, module, statics, tail: statics + json, bound, keys };
    },

    line(time, level, text, layer, scope, call, callSite) {
      const walk = busy ? startWalk(redactor, limits) : shared;
      busy = true;
      if (time !== headTime || level !== headLevel) {
        lastHead = jsonTimeHead(time) + levelMsg[level];
        headTime = time;
        headLevel = level;
      }
      const head = lastHead;
      try {
        let metadata = scope === undefined ? call : spreadLayers(scope, undefined, call);
        let shape = fields.shapeOf(metadata);
        let tail = layer.tail;
        if (layer.keys.length > 0 && shape.keys.length > 0 && overlaps(layer, shape)) {
          metadata = mergeLayers(layer.bound, metadata);
          shape = fields.shapeOf(metadata);
          tail = layer.statics;
        }
        walk.budget = limits.maxLineLength;
        let line = head + messageJson(text, walk) + tail;
        walk.budget -= tail.length - layer.statics.length;
        line += fields.write(metadata, shape, walk);
        if (callSite) line += ',"caller":' + quote(callSite);
        return line + "}";
      } catch (error) {
        return head + message(text) + layer.statics + ',"logger_error":' + quote(thrown(error)) +
          "}";
      } finally {
        if (walk === shared) busy = false;
      }
    },
  };
}

function shareKey(bound: readonly string[], keys: readonly string[]): boolean {
  if (bound.length > 16) {
    const set = new Set(bound);
    return keys.some((key) => set.has(key));
  }
  return keys.some((key) => bound.includes(key));
}
