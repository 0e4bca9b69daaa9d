/**
 * Reading a catalog file as a user may get it wrong: a path that does not exist or passes
 * through a file, a symbolic link loop, a folder, a FIFO or device (which would block or never
 * end), a file too large to be a catalog, bytes that are not UTF-8 (UTF-16 included), control
 * characters. Each is one line naming the path, and the place in the file when there is one.
 *
 * @module
 */

import { readFileSync, type Stats, statSync } from "node:fs";
import { dirname } from "node:path";
import { CatalogError } from "./catalog.ts";
import { codePoint } from "./_check.ts";

/** The largest catalog read, in bytes: a catalog of 2,000 described events takes about half. */
export const maxCatalogBytes = 1024 * 1024;

/** A file that cannot be read as a catalog; its message is one line naming the path. */
export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogFileError";
  }
}

/** `path` as printed in a message: as given, or as a JSON string if it holds control characters. */
export function shownPath(path: string): string {
  return /[\p{Cc}\u2028\u2029]/u.test(path) ? JSON.stringify(path) : path;
}

/** The `code` of a Node system error, or `undefined`. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The nearest ancestor of `path` that exists and is not a folder, if any. */
export function fileInTheWay(path: string): string | undefined {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch {
      // Does not exist either: look further up.
    }
  }
  return undefined;
}

/**
 * Why `path` cannot be opened, from a system error, as the end of a sentence (`"does not
 * exist"`, `"cannot be read: permission denied"`).
 */
export function whyNot(path: string, error: unknown): string {
  switch (errorCode(error)) {
    case "ENOENT":
      return "does not exist";
    case "ENOTDIR": {
      const file = fileInTheWay(path);
      return file === undefined
        ? "does not exist: a part of its path is not a folder"
        : `does not exist: ${shownPath(file)} is a file, not a folder`;
    }
    case "ELOOP":
      return "cannot be read: its symbolic links form a loop";
    case "EACCES":
    case "EPERM":
      return "cannot be read: permission denied";
    case "ENAMETOOLONG":
      return "cannot be read: its name is too long";
    case "EISDIR":
      return "is a folder, not a file";
    default:
      return `cannot be read: ${(error as Error)?.message ?? String(error)}`;
  }
}

/**
 * Why a stat is not of a regular file, as the end of a sentence (`"is a folder, not a file"`,
 * `"is a FIFO, not a regular file"`), or `undefined` for a regular file.
 */
export function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return "is a folder, not a file";
  const kind = stat.isFIFO()
    ? "a FIFO"
    : stat.isSocket()
    ? "a socket"
    : stat.isCharacterDevice()
    ? "a character device"
    : stat.isBlockDevice()
    ? "a block device"
    : "not a regular file";
  return kind === "not a regular file" ? "is not a regular file" : `is ${kind}, not a regular file`;
}

/** One located problem, as the catalog reports them (`... at file:line:column`). */
function located(file: string, text: string, index: number, message: string): CatalogError {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  const column = index - (before.lastIndexOf("\n") + 1) + 1;
  return new CatalogError([{ file, line, column, path: "", message }]);
}

/**
 * The index of the first byte of `bytes` that does not begin a valid UTF-8 sequence (the
 * sequences `TextDecoder` accepts: no overlong forms, surrogates or code points past U+10FFFF),
 * or -1 if every sequence is valid.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
    if (lead < 0xc2 || lead > 0xf4) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) {
        return i;
      }
    }
    i += length;
  }
  return -1;
}

/** Control characters YAML 1.2 does not allow in a stream (all but tab, LF, CR and NEL). */
// deno-lint-ignore no-control-regex -- matching control characters is the point
const notPrintable = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/** Decodes a catalog's bytes; a UTF-8 byte order mark is dropped. */
function decode(file: string, bytes: Uint8Array): string {
  const utf32 = (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) ||
    (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf32 || utf16) {
    const mark = [...bytes.subarray(0, utf32 ? 4 : 2)]
      .map((b) => b.toString(16).toUpperCase().padStart(2, "0"))
      .join(" ");
    throw located(
      file,
      "",
      0,
      `The catalog is ${
        utf32 ? "UTF-32" : "UTF-16"
      } (it starts with the byte order mark ${mark}); save it as UTF-8`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = Math.max(firstInvalidByte(bytes), 0);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, at));
    const byte = bytes[at].toString(16).toUpperCase().padStart(2, "0");
    throw located(
      file,
      before + "x",
      before.length,
      `Byte 0x${byte} is not valid UTF-8 (save the catalog as UTF-8)`,
    );
  }
  const bad = notPrintable.exec(text);
  if (bad !== null) {
    const what = bad[0] === "\0"
      ? "NUL byte (U+0000) is not allowed in a catalog, which is UTF-8 text"
      : `Control character ${codePoint(bad[0])} is not allowed in a catalog`;
    throw located(file, text, bad.index, what);
  }
  return text;
}

/**
 * Reads a catalog file as text.
 *
 * @param path The path as the user gave it.
 * @param file The file name used in located problems.
 * @returns The text, without a UTF-8 byte order mark.
 * @throws {CatalogFileError} If the path is not a readable regular file of at most
 *   {@link maxCatalogBytes} bytes.
 * @throws {CatalogError} If the bytes are not UTF-8 text YAML allows, with the place.
 */
export function readCatalogText(path: string, file: string): string {
  const fail = (why: string) => new CatalogFileError(`Catalog file ${shownPath(path)} ${why}`);
  if (path === "") throw new CatalogFileError("The catalog path is empty");
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw fail(whyNot(path, error));
  }
  const irregular = notRegular(stat);
  if (irregular !== undefined) throw fail(irregular);
  const tooLarge = (size: number) =>
    fail(`is too large: ${size} bytes, at most ${maxCatalogBytes} (1 MiB)`);
  if (stat.size > maxCatalogBytes) throw tooLarge(stat.size);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fail(whyNot(path, error));
  }
  if (bytes.length > maxCatalogBytes) throw tooLarge(bytes.length);
  return decode(file, bytes);
}
