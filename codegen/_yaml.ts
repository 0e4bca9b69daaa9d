/**
 * A thin layer over the `yaml` package's document model: every read records a problem with
 * its file, line, column and field path instead of throwing, so one run reports every problem.
 *
 * @module
 */

import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, Scalar } from "yaml";
import { codePoint } from "./_check.ts";
import { yaml11Ambiguous } from "./_names.ts";
import { parseYaml } from "./_parse.ts";

/**
 * Characters a string of the catalog may not hold, even written as an escape (`"\e"`): control
 * characters but tab and line breaks, which would reach the generated file as they are, and the
 * bidirectional embeddings, overrides and isolates, which make text display out of order.
 */
// deno-lint-ignore no-control-regex -- matching control characters is the point
const unprintable = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;

/** One problem found in a catalog. */
export interface Problem {
  /** The catalog file, as given. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The field path, e.g. `events.session.start.metadata.user_id`. */
  readonly path: string;
  /** What is wrong, without the location. */
  readonly message: string;
}

/** Control, line-breaking and bidirectional characters, which a message shows as escapes. */
const unsafeInMessage = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Formats a problem the house way: the message, then `at file:line:column`, on one line (a key
 * or file name holding a line break or an escape sequence shows it as `\u001b`).
 */
export function formatProblem(p: Problem): string {
  return `${p.message} at ${p.file}:${p.line}:${p.column}`.replace(
    unsafeInMessage,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** An empty value placed right after `key`, for `key:` or `? key` with nothing after it. */
function emptyAt(key: Scalar): Scalar {
  const empty = new Scalar(null);
  const end = key.range?.[1] ?? 0;
  empty.range = [end, end, end];
  empty.source = "";
  return empty;
}

/** A parsed YAML file and the problems found so far. */
export class Source {
  readonly problems: Problem[] = [];
  readonly root: Node | null;
  readonly #lines = new LineCounter();

  constructor(readonly file: string, text: string) {
    const { document: doc, problems } = parseYaml(text, this.#lines, {
      version: "1.2",
      schema: "core",
      merge: false,
      uniqueKeys: false,
    });
    const errors = [
      ...problems,
      ...(doc?.errors ?? []).map((error) => ({
        offset: error.pos[0],
        message: `YAML syntax error: ${
          error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "")
        }`,
      })),
    ];
    for (const { offset, message } of errors) {
      const pos = this.#lines.linePos(offset);
      this.problems.push({ file, line: pos.line, column: pos.col, path: "", message });
    }
    this.root = doc !== undefined && errors.length === 0 ? (doc.contents as Node | null) : null;
    if (this.root !== null) this.#rejectAliases(this.root, "");
  }

  /** Records a problem at `node` (or the file start). */
  report(node: Node | null | undefined, path: string, message: string): void {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.#lines.linePos(offset);
    this.problems.push({ file: this.file, line: pos.line, column: pos.col, path, message });
  }

  /**
   * The entries of a mapping, checking duplicate keys, `<<` merge keys, non-string keys and
   * YAML 1.1 ambiguous keys. Returns `[]` (and records a problem) if `node` is not a mapping.
   */
  entries(node: Node | null | undefined, path: string, what: string): [string, Node, Scalar][] {
    if (isAlias(node)) return [];
    if (!isMap(node)) {
      this.report(node, path, `Expected ${what} to be a mapping at ${path || "the top level"}`);
      return [];
    }
    const out: [string, Node, Scalar][] = [];
    const seen = new Map<string, Scalar>();
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== "string") {
        this.report(key, path, `Expected a string key in ${path || "the top level"}`);
        continue;
      }
      const name = key.value;
      const at = path === "" ? name : `${path}.${name}`;
      if (name === "<<") {
        this.report(key, at, `Merge key "<<" is not allowed at ${at}; write the fields out`);
        continue;
      }
      if (key.type === Scalar.PLAIN && yaml11Ambiguous.test(String(key.source ?? name))) {
        this.report(
          key,
          at,
          `Ambiguous key "${name}" at ${at}: YAML 1.1 reads it as a boolean or null; quote it`,
        );
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        const firstLine = this.#lines.linePos(first.range?.[0] ?? 0).line;
        this.report(
          key,
          at,
          `Duplicate key "${name}" at ${at} (first defined on line ${firstLine})`,
        );
        continue;
      }
      seen.set(name, key);
      out.push([name, (pair.value as Node | null) ?? emptyAt(key), key]);
    }
    return out;
  }

  /**
   * A mapping with a known set of keys: reports keys outside `allowed` and missing `required`
   * ones, and returns a getter for the values, or `undefined` (with a problem) if `node` is not
   * a mapping.
   */
  mapping(
    node: Node | null | undefined,
    path: string,
    what: string,
    allowed: readonly string[],
    required: readonly string[],
  ): ((key: string) => Node | undefined) | undefined {
    const entries = this.entries(node, path, what);
    if (!isMap(node)) return undefined;
    const where = path || "the top level";
    for (const [name, , key] of entries) {
      if (allowed.includes(name)) continue;
      const expected = allowed.map((k) => `"${k}"`).join(", ");
      this.report(
        key,
        path === "" ? name : `${path}.${name}`,
        `Unknown key "${name}" at ${where} (expected one of ${expected})`,
      );
    }
    for (const name of required) {
      if (!entries.some(([n]) => n === name)) {
        this.report(node, path, `Missing "${name}" at ${where}`);
      }
    }
    return (key) => entries.find(([n]) => n === key)?.[1];
  }

  /** A string scalar, rejecting non-strings and YAML 1.1 ambiguous plain scalars. */
  string(node: Node | null | undefined, path: string): string | undefined {
    if (isAlias(node)) return undefined;
    if (!isScalar(node)) {
      this.report(node, path, `Expected a string for ${path}`);
      return undefined;
    }
    if (node.value === null && (node.source ?? "") === "") {
      this.report(node, path, `Missing value for ${path}`);
      return undefined;
    }
    const source = String(node.source ?? node.value);
    if (node.type === Scalar.PLAIN && yaml11Ambiguous.test(source)) {
      this.report(
        node,
        path,
        `Ambiguous value ${source} for ${path}: YAML 1.1 reads it as a boolean or null; quote it ("${source}") if a string is meant`,
      );
      return undefined;
    }
    if (typeof node.value !== "string") {
      this.report(
        node,
        path,
        `Expected a string for ${path}, got ${
          typeof node.value === "object" ? "null" : typeof node.value
        } ${source}; quote it if a string is meant`,
      );
      return undefined;
    }
    const control = unprintable.exec(node.value);
    if (control !== null) {
      const char = codePoint(control[0]);
      this.report(
        node,
        path,
        `${
          control[0] >= "\u2000" ? "Bidirectional control" : "Control"
        } character ${char} is not allowed in ${path}`,
      );
      return undefined;
    }
    return node.value;
  }

  /** A boolean scalar (`true` or `false` only). */
  boolean(node: Node | null | undefined, path: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === "boolean") return node.value;
    if (isAlias(node)) return undefined;
    const got = isScalar(node) ? JSON.stringify(String(node.source ?? node.value)) : "a collection";
    this.report(node, path, `Expected true or false for ${path}, got ${got}`);
    return undefined;
  }

  /** A sequence's items, or `undefined` (and a problem) if `node` is not a sequence. */
  items(node: Node | null | undefined, path: string): Node[] | undefined {
    if (isSeq(node)) return node.items as Node[];
    if (isAlias(node)) return undefined;
    this.report(node, path, `Expected a list for ${path}`);
    return undefined;
  }

  #rejectAliases(node: Node, path: string, at: Node = node): void {
    const where = path || "the top level";
    if (isAlias(node)) {
      this.report(
        node,
        path,
        `Alias *${node.source} is not allowed at ${where}; write the value out`,
      );
      return;
    }
    if (node.anchor !== undefined) {
      this.report(
        at,
        path,
        `Anchor &${node.anchor} is not allowed at ${where}; write the value out`,
      );
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "?";
        const child = path === "" ? key : `${path}.${key}`;
        if (pair.value !== null) this.#rejectAliases(pair.value as Node, child, pair.key as Node);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => this.#rejectAliases(item as Node, `${path}[${i}]`));
    }
  }
}
