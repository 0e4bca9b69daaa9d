/**
 * Small builders of TypeScript text, laid out as `deno fmt` lays it out (line width 100, two
 * spaces, double quotes), so the generated module passes `deno fmt --check` without running it.
 *
 * Each builder keeps a construct on one line when it fits and otherwise breaks it the way the
 * formatter does; constructs the formatter keeps as written (a multi-line object literal, a
 * multi-line parameter list) are always written multi-line.
 *
 * @module
 */

/** The formatter's line width (`fmt.lineWidth` in deno.json). */
export const lineWidth = 100;

/** One level of indentation. */
export const tab = "  ";

function fits(line: string): boolean {
  return line.length <= lineWidth;
}

/** Escapes that keep a literal on one visible line: controls, separators, lone surrogates. */
function escapeChar(c: string): string {
  switch (c) {
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    case "\b":
      return "\\b";
    case "\f":
      return "\\f";
  }
  const code = c.charCodeAt(0);
  const invisible = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 ||
    code === 0x2029 || code === 0xfeff || (c.length === 1 && code >= 0xd800 && code <= 0xdfff);
  return invisible ? `\\u${code.toString(16).padStart(4, "0")}` : c;
}

/**
 * Text that goes between double quotes as it is (the common case, tested first): no double
 * quote, backslash, control or invisible character, nor surrogate.
 */
// deno-lint-ignore no-control-regex
const plain = /^[^"\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]*$/;

/**
 * A string literal as the formatter writes it: in double quotes, unless the text holds more
 * double than single quotes (then in single quotes).
 */
export function str(value: string): string {
  if (plain.test(value)) return `"${value}"`;
  let doubles = 0;
  let singles = 0;
  for (const c of value) {
    if (c === '"') doubles++;
    else if (c === "'") singles++;
  }
  const quote = doubles > singles ? "'" : '"';
  let body = "";
  // for-of walks code points, so a lone surrogate arrives alone and a pair stays whole.
  for (const c of value) body += c === quote ? `\\${quote}` : escapeChar(c);
  return quote + body + quote;
}

/** The formatter's order of named imports and exports: case-insensitive, `type` ignored. */
export function sortNames(names: readonly string[]): string[] {
  const key = (name: string) => name.replace(/^type /, "");
  return [...names].sort((a, b) => {
    const x = key(a).toLowerCase();
    const y = key(b).toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
}

/**
 * A bracketed list: `open item, item close` on one line if it fits at `indent`, else one item per
 * line with a trailing comma. `pad` puts spaces inside the brackets (`{ a, b }`, not `[a, b]`).
 */
export function list(
  indent: string,
  open: string,
  items: readonly string[],
  close: string,
  pad = false,
): string {
  const space = pad && items.length > 0 ? " " : "";
  const line = `${indent}${open}${space}${items.join(", ")}${space}${close}`;
  if (fits(line) || items.length === 0) return line;
  return [`${indent}${open}`, ...items.map((i) => `${indent}${tab}${i},`), `${indent}${close}`]
    .join("\n");
}

/** `import { a, type B } from "x";` (names sorted; one per line if the line is too long). */
export function importNames(names: readonly string[], from: string): string {
  return list("", "import {", sortNames(names), `} from ${str(from)};`, true);
}

/** `export { a, type B } from "x";` (names sorted; one per line if the line is too long). */
export function exportNames(names: readonly string[], from: string): string {
  return list("", "export {", sortNames(names), `} from ${str(from)};`, true);
}

/**
 * `key: value` ending in `end`, or, when that is too long, the value alone on the next line as
 * the formatter moves an unbreakable value (a string, a name).
 */
export function property(indent: string, key: string, value: string, end = ","): string {
  const line = `${indent}${key}: ${value}${end}`;
  return fits(line) ? line : `${indent}${key}:\n${indent}${tab}${value}${end}`;
}

/**
 * An interface member `readonly name?: A | B;`. A member too long for one line breaks a union
 * one member per line, a generic type (`Readonly<X>`) around its argument if its name still fits
 * on the first line, and otherwise puts the type on the next line.
 */
export function member(indent: string, name: string, optional: boolean, union: string[]): string {
  const head = `${indent}readonly ${name}${optional ? "?" : ""}:`;
  const line = `${head} ${union.join(" | ")};`;
  if (fits(line)) return line;
  if (union.length === 1) {
    const generic = /^(\w+)<(.+)>$/.exec(union[0]);
    if (generic !== null && fits(`${head} ${generic[1]}<`)) {
      return `${head} ${generic[1]}<\n${indent}${tab}${generic[2]}\n${indent}>;`;
    }
    return `${head}\n${indent}${tab}${union[0]};`;
  }
  return [head, ...union.map((u, i) => `${indent}${tab}| ${u}${i === union.length - 1 ? ";" : ""}`)]
    .join("\n");
}

/**
 * An object literal of `key: value` entries, a value being one-line text or a list of items: on
 * one line if it fits, else one entry per line (a list broken further if it does not fit).
 */
export function object(
  indent: string,
  entries: readonly (readonly [string, string | readonly string[]])[],
  end = ",",
): string {
  if (entries.length === 0) return `${indent}{}${end}`;
  const flat = (v: string | readonly string[]) => typeof v === "string" ? v : `[${v.join(", ")}]`;
  const line = `${indent}{ ${entries.map(([k, v]) => `${k}: ${flat(v)}`).join(", ")} }${end}`;
  if (fits(line)) return line;
  const inner = indent + tab;
  const body = entries.map(([k, v]) =>
    typeof v === "string" ? property(inner, k, v) : list(inner, `${k}: [`, v, "],")
  );
  return [`${indent}{`, ...body, `${indent}}${end}`].join("\n");
}

/** A call `callee(arg);` on one line if it fits, else each argument on a line of its own. */
export function call(indent: string, callee: string, args: readonly string[], end = ";"): string {
  return list(indent, `${callee}(`, args, `)${end}`);
}

/** A JSDoc block of `lines` at `indent`; one line of text gives a one-line block. */
export function docBlock(indent: string, lines: readonly string[]): string {
  if (lines.length === 1 && !lines[0].includes("\n")) return `${indent}/** ${lines[0]} */`;
  const body = lines.flatMap((l) => l.split("\n")).map((l) =>
    l === "" ? `${indent} *` : `${indent} * ${l}`
  );
  return [`${indent}/**`, ...body, `${indent} */`].join("\n");
}

/** Splits `text` into lines that fit in a JSDoc block at `indent` (long words stay whole). */
export function wrap(indent: string, text: string): string[] {
  const width = lineWidth - indent.length - 3;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/**
 * Makes catalog text safe inside a JSDoc block: one line (so no line can start a `@tag`), and no
 * `*\/` to close the comment nor `/*` to open one.
 */
export function docText(text: string): string {
  return text.trim().replace(/\s+/g, " ").replaceAll("*/", "*\\/").replaceAll("/*", "/\\*");
}
