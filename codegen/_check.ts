/**
 * Small checks shared by the readers of catalog nodes.
 *
 * @module
 */

import type { Node } from "yaml";
import { reservedWords } from "./_names.ts";
import type { Source } from "./_yaml.ts";

/** Whether `value` is one of `allowed`. */
export function oneOf<T extends string>(
  allowed: readonly T[],
  value: string | undefined,
): value is T {
  return value !== undefined && (allowed as readonly string[]).includes(value);
}

/** `U+001B`: a character as its code point. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** `"a", "b", "c"`. */
export function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** Reports `name` if it is a reserved word or does not match `pattern`; returns whether it is fine. */
export function checkName(
  src: Source,
  at: { readonly node: Node | undefined; readonly path: string },
  name: string,
  rule: { readonly pattern: RegExp; readonly shape: string; readonly what: string },
): boolean {
  if (reservedWords.has(name)) {
    src.report(at.node, at.path, `${rule.what} at ${at.path} is a reserved word`);
    return false;
  }
  if (!rule.pattern.test(name)) {
    src.report(
      at.node,
      at.path,
      `${rule.what} at ${at.path} is not a valid ${rule.shape} identifier`,
    );
    return false;
  }
  return true;
}
