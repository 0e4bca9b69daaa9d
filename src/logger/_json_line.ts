// Private: the json format's line builder, which the logger calls directly. Everything constant
// for a logger (`,"pid":…,"hostname":…,"module":…` and its bound metadata, redacted) is a
// `Layer` serialised once, when the logger is made; a record then costs its time prefix, its
// message and its own fields. Bound, scope and call metadata are never merged into one object
// unless a written name repeats or the bound fields no longer fit the line, so no name is written
// twice, the later layer wins as documented, and the whole line keeps to `maxLineLength`.

import { hostName, hostProcess } from "../host.ts";
import type { Level } from "../levels.ts";
import type { Metadata } from "../telemetry.ts";
import { quote } from "./_escape.ts";
import { fit, jsonKey, maxKeyLength } from "./_fit.ts";
import { FieldWriter, type Shape } from "./_json_fields.ts";
import { jsonString, plain, startWalk, type Walk } from "./_json_value.ts";
import { mergeLayers, spreadLayers, unreadable } from "./_metadata.ts";
import { jsonTimeHead } from "./_time.ts";
import { lineSlack } from "./limits.ts";
import type { FormatOptions } from "./record.ts";
import type { Redactor } from "./redact.ts";

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
  /** The written names of the bound fields, and `"…"` when some were left out. */
  readonly names: readonly string[];
}

/** The json format, split so that per-logger work is done once. */
export interface JsonLines {
  /** Serialises what is constant for a logger; never throws. */
  layer(module: string | undefined, bound: Metadata): Layer;
  /** One record's line, without the newline; never throws. `retry` is for its own use. */
  line(
    time: number,
    level: Level,
    message: string,
    layer: Layer,
    scope: Metadata | undefined,
    call: Metadata,
    callSite: string | undefined,
    retry?: number,
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
  const base = processFields(redactor);
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

  /**
   * Whether a record's names could repeat a name of `layer`, remembered per key list: they share
   * a name, or the layer wrote `"…"` (a key or its marker), which the record's marker could repeat.
   */
  const overlaps = (layer: Layer, shape: Shape): boolean => {
    if (shape.layer !== layer.id) {
      shape.overlap = layer.names.includes('"…"') || shareName(layer.names, shape.names);
      shape.layer = layer.id;
    }
    return shape.overlap;
  };

  const lines: JsonLines = {
    layer(module, bound) {
      const statics = base +
        (module ? ',"module":' + fit(module, maxKeyLength, redactor, "json") : "");
      let names: readonly string[] = [];
      let json = "";
      try {
        const shape = fields.shape(Object.keys(bound));
        json = fields.write(bound, shape, startWalk(redactor, limits));
        names = json.endsWith(' more keys]"') ? [...shape.names, '"…"'] : shape.names;
      } catch (error) {
        json = ',"logger_error":' + quote(unreadable(error));
        names = ['"logger_error"'];
      }
      return { id: ++lastLayerId, module, statics, tail: statics + json, bound, names };
    },

    line(time, level, text, layer, scope, call, callSite, retry = 0) {
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
        const caller = callSite ? ',"caller":' + fit(callSite, maxKeyLength, redactor, "json") : "";
        walk.budget = limits.maxLineLength - head.length - layer.statics.length - caller.length - 1;
        let line = head + messageJson(text, walk);
        const bound = layer.tail.length - layer.statics.length;
        if (
          bound > 0 && (bound > walk.budget || (shape.keys.length > 0 && overlaps(layer, shape)))
        ) {
          metadata = mergeLayers(layer.bound, metadata);
          shape = fields.shapeOf(metadata);
          line += layer.statics;
        } else {
          line += layer.tail;
          walk.budget -= bound;
        }
        line += fields.write(metadata, shape, walk) + caller + "}";
        if (line.length <= limits.maxLineLength + lineSlack || retry > 1) return line;
        // Deep nesting took the line past the slack: leave the metadata out.
        const short = { ...layer, tail: layer.statics };
        return lines.line(time, level, text, short, undefined, tooLong, callSite, 2);
      } catch (error) {
        // Metadata that cannot be read at all: write a marker in its place.
        if (retry > 0) return head + quote(redactor.censor) + layer.statics + "}";
        const marker = { logger_error: unreadable(error) };
        return lines.line(time, level, text, layer, scope, marker, callSite, 1);
      } finally {
        if (walk === shared) busy = false;
      }
    },
  };
  return lines;
}

let host: string | undefined | null = null;

/**
 * `,"pid":…,"hostname":…` as far as the host tells: a browser has neither, and Deno without
 * `--allow-sys` no host name.
 */
function processFields(redactor: Redactor): string {
  let pid: unknown;
  try {
    pid = hostProcess()?.pid;
  } catch {
    pid = undefined;
  }
  if (host === null) host = hostName();
  return (typeof pid === "number" ? ',"pid":' + pid : "") +
    (typeof host === "string" ? ',"hostname":' + jsonKey(host, redactor) : "");
}

const tooLong: Metadata = Object.freeze({ logger_error: "[Line limit: metadata left out]" });

function shareName(bound: readonly string[], names: readonly string[]): boolean {
  if (bound.length > 16) {
    const set = new Set(bound);
    return names.some((name) => set.has(name));
  }
  return names.some((name) => bound.includes(name));
}
