/**
 * Parsing a catalog's YAML, as `parseDocument` of the `yaml` package does, with a nesting limit
 * checked before the document is built: the parser keeps its own stack, but building the
 * document recurses once per level, so a file of `{a: {a: {a: …` would otherwise exhaust the
 * call stack.
 *
 * @module
 */

import {
  Composer,
  type CST,
  type Document,
  type DocumentOptions,
  type LineCounter,
  type ParseOptions,
  Parser,
  type SchemaOptions,
} from "yaml";

/** How deeply collections may nest; a catalog needs 6 levels (the values of an enum field). */
export const maxNesting = 32;

/** A problem found while parsing, at an offset of the text. */
export interface ParseProblem {
  readonly offset: number;
  readonly message: string;
}

/** The document, or `undefined` when the problems prevented building it. */
export interface Parsed {
  readonly document: Document.Parsed | undefined;
  readonly problems: readonly ParseProblem[];
}

/** The first collection nested deeper than {@link maxNesting}, without recursion. */
function tooDeep(tokens: readonly CST.Token[]): CST.Token | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === "document") {
      if (token.value !== undefined) stack.push([token.value, depth]);
      continue;
    }
    if (
      token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection"
    ) {
      continue;
    }
    if (depth >= maxNesting) return token;
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Parses `text` as one YAML document.
 *
 * @param text The catalog's text.
 * @param lines Given every line start, for positions.
 * @param options The `yaml` package's document options.
 * @returns The document and the problems that are not the document's own errors.
 */
export function parseYaml(
  text: string,
  lines: LineCounter,
  options: DocumentOptions & ParseOptions & SchemaOptions,
): Parsed {
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    const message = `Nesting deeper than ${maxNesting} levels is not allowed in a catalog`;
    return { document: undefined, problems: [{ offset: deep.offset, message }] };
  }
  const documents = [...new Composer(options).compose(tokens, true, text.length)];
  const problems = documents.slice(1, 2).map((d) => ({
    offset: d.range[0],
    message: "A second YAML document starts here; a catalog is one document",
  }));
  return { document: documents[0], problems };
}
