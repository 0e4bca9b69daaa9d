// Hostile input at the codegen's door: everything a user can get wrong about the catalog file or
// the output path gives one line per problem naming the path (and the place in the file when
// there is one), exit 1 and nothing written, through both commands: the package's
// `jido-telemetry codegen` (codegen/bin.ts) and the repository's `npm run codegen` (main.ts).

import test, { type ExecutionContext } from "ava";
import fc from "fast-check";
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { loadCatalog, maxEvents } from "../codegen/catalog.ts";
import { runCodegen } from "../codegen/main.ts";
import { parseCommand } from "../codegen/_cli.ts";
import { maxNesting } from "../codegen/_parse.ts";
import { maxCatalogBytes, readCatalogText } from "../codegen/_read.ts";
import { type CodegenResult, runCodegen as runRun } from "../codegen/run.ts";

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "jido-codegen-input-"));
  tempDirs.push(dir);
  return dir;
}

test.after.always(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A valid catalog whose one event has `description` (YAML source) on line 4, column 18. */
function catalog(description = "Placed."): string {
  return `app: shop\nevents:\n  order.placed:\n    description: ${description}\n    level: info\n`;
}

/** Both commands, run in-process; each returns what it would print and its exit code. */
const commands: Record<string, (input: string, out: string, check?: boolean) => CodegenResult> = {
  "jido-telemetry codegen": (input, out, check = false) => {
    const c = parseCommand(["codegen", input, "--out", out, ...(check ? ["--check"] : [])]);
    if (c.kind !== "run") throw new Error(`Not a run: ${JSON.stringify(c)}`);
    return runRun(c.options);
  },
  "npm run codegen": (input, out, check = false) => runCodegen({ input, out, check }),
};

/** What is at `path`: a regular file's bytes, `"folder"`, `"other"` or `"absent"`. */
function state(path: string): string {
  try {
    const stat = lstatSync(path);
    if (stat.isDirectory()) return "folder";
    return stat.isFile() ? readFileSync(path, "latin1") : "other";
  } catch {
    return "absent";
  }
}

/** The temporary files left beside `out` by an interrupted write. */
function leftovers(out: string): string[] {
  const folder = join(out, "..");
  return existsSync(folder) && lstatSync(folder).isDirectory()
    ? readdirSync(folder).filter((name) => name.endsWith(".tmp"))
    : [];
}

/**
 * Runs both commands on `input` and asserts exit 1, exactly `messages` (each one line), and that
 * `out` is as it was, with no temporary file beside it.
 */
function rejects(
  t: ExecutionContext,
  input: string,
  out: string,
  messages: readonly string[],
  check = false,
): void {
  for (const [name, run] of Object.entries(commands)) {
    const before = state(out);
    let result: CodegenResult | undefined;
    t.notThrows(() => {
      result = run(input, out, check);
    }, name);
    t.deepEqual(result, { code: 1, messages }, name);
    t.is(state(out), before, `${name} left ${out} as it was`);
    t.deepEqual(leftovers(out), [], `${name} left no temporary file`);
  }
}

/** The one-line "nothing was written" summary after `n` located problems. */
function summary(input: string, n = 1): string {
  return `${n} problem${n === 1 ? "" : "s"} in ${input}; nothing was written`;
}

// The catalog's bytes.

test("a catalog with bytes that are not UTF-8 is rejected at the first bad byte", (t) => {
  const dir = tempDir();
  const input = join(dir, "latin1.yaml");
  writeFileSync(input, Buffer.from(catalog('"caf\xe9 au lait"'), "latin1"));
  const out = join(dir, "out.ts");
  rejects(t, input, out, [
    `Byte 0xE9 is not valid UTF-8 (save the catalog as UTF-8) at ${input}:4:22`,
    summary(input),
  ]);
  // A sequence cut short at the end of the file, and an overlong encoding of "/".
  writeFileSync(input, Buffer.concat([Buffer.from(catalog()), Buffer.from([0x23, 0xe2, 0x82])]));
  rejects(t, input, out, [
    `Byte 0xE2 is not valid UTF-8 (save the catalog as UTF-8) at ${input}:6:2`,
    summary(input),
  ]);
  writeFileSync(input, Buffer.concat([Buffer.from("app: shop\n# a"), Buffer.from([0xc0, 0xaf])]));
  rejects(t, input, out, [
    `Byte 0xC0 is not valid UTF-8 (save the catalog as UTF-8) at ${input}:2:4`,
    summary(input),
  ]);
});

test("the byte named is where the longest prefix TextDecoder accepts ends, whatever the bytes", (t) => {
  const file = join(tempDir(), "bytes.yaml");
  const longestValidPrefix = (bytes: Uint8Array): number => {
    for (let end = bytes.length; end > 0; end--) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
        return end;
      } catch {
        // Shorter.
      }
    }
    return 0;
  };
  // Bytes 0x80 and up, with printable ASCII between: only the encoding can be wrong.
  const byte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 12 }), (list) => {
      const bytes = Uint8Array.from([0x23, ...list]); // "#": never a byte order mark
      writeFileSync(file, bytes);
      let message = "";
      try {
        readCatalogText(file, "f.yaml");
      } catch (error) {
        message = (error as Error).message;
      }
      let valid = true;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
      if (valid) return !message.includes("UTF-8");
      const at = longestValidPrefix(bytes);
      const hex = bytes[at].toString(16).toUpperCase();
      const column = new TextDecoder().decode(bytes.subarray(0, at)).length + 1;
      return message ===
        `Byte 0x${hex} is not valid UTF-8 (save the catalog as UTF-8) at f.yaml:1:${column}`;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test("a UTF-16 or UTF-32 catalog is rejected, with a byte order mark or without", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const text = catalog();
  const cases: [string, Buffer, string][] = [
    [
      "utf16le.yaml",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
      "UTF-16 (it starts with the byte order mark FF FE)",
    ],
    [
      "utf16be.yaml",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]),
      "UTF-16 (it starts with the byte order mark FE FF)",
    ],
    [
      "utf32le.yaml",
      Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]),
      "UTF-32 (it starts with the byte order mark FF FE 00 00)",
    ],
    [
      "utf32be.yaml",
      Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x61]),
      "UTF-32 (it starts with the byte order mark 00 00 FE FF)",
    ],
  ];
  for (const [name, bytes, what] of cases) {
    const input = join(dir, name);
    writeFileSync(input, bytes);
    rejects(t, input, out, [
      `The catalog is ${what}; save it as UTF-8 at ${input}:1:1`,
      summary(input),
    ]);
  }
  const input = join(dir, "utf16-no-mark.yaml");
  writeFileSync(input, Buffer.from(text, "utf16le"));
  rejects(t, input, out, [
    `NUL byte (U+0000) is not allowed in a catalog, which is UTF-8 text at ${input}:1:2`,
    summary(input),
  ]);
});

test("a catalog that starts with a UTF-8 byte order mark generates what it does without", (t) => {
  const dir = tempDir();
  const plain = join(dir, "plain.yaml");
  const marked = join(dir, "marked.yaml");
  writeFileSync(plain, catalog());
  writeFileSync(marked, "\ufeff" + catalog());
  for (const [name, run] of Object.entries(commands)) {
    const a = join(dir, "a.ts");
    const b = join(dir, "b.ts");
    t.is(run(plain, a).code, 0, name);
    t.is(run(marked, b).code, 0, name);
    t.is(
      readFileSync(b, "utf8").replaceAll("marked.yaml", "plain.yaml").replaceAll("b.ts", "a.ts"),
      readFileSync(a, "utf8"),
      name,
    );
  }
  // Positions count from after the mark, as an editor shows them.
  writeFileSync(marked, "\ufeff" + catalog().replace("shop", "Shop"));
  t.is(
    commands["npm run codegen"](marked, join(dir, "c.ts")).messages[0],
    `Name "Shop" at app is not a valid snake_case identifier at ${marked}:1:6`,
  );
});

test("a NUL byte or another control character in the file is rejected where it is", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const input = join(dir, "nul.yaml");
  writeFileSync(input, catalog('"x\0y"'));
  rejects(t, input, out, [
    `NUL byte (U+0000) is not allowed in a catalog, which is UTF-8 text at ${input}:4:20`,
    summary(input),
  ]);
  // An escape sequence in a comment, DEL and a C1 control: nothing YAML allows reaches the parser.
  for (const [char, name] of [["\x1b", "U+001B"], ["\x7f", "U+007F"], ["\x9b", "U+009B"]]) {
    writeFileSync(input, `app: shop # ${char}[2J\n` + catalog().slice("app: shop\n".length));
    rejects(t, input, out, [
      `Control character ${name} is not allowed in a catalog at ${input}:1:13`,
      summary(input),
    ]);
  }
  // Tab, line feed and carriage return are fine.
  writeFileSync(input, catalog().replaceAll("\n", "\r\n").replace("info", "info\t"));
  t.is(commands["npm run codegen"](input, out).code, 0);
});

test("control and bidirectional characters written as escapes in a string are rejected", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const input = join(dir, "escapes.yaml");
  const cases: [string, string][] = [
    ['"x\\0y"', "Control character U+0000"],
    ['"red \\e[31m"', "Control character U+001B"],
    ['"a\\x7fb"', "Control character U+007F"],
    ['"\\u202Eevil"', "Bidirectional control character U+202E"],
    ['"\\u2066isolate\\u2069"', "Bidirectional control character U+2066"],
  ];
  for (const [source, what] of cases) {
    writeFileSync(input, catalog(source));
    rejects(t, input, out, [
      `${what} is not allowed in events.order.placed.description at ${input}:4:18`,
      summary(input),
    ]);
  }
  writeFileSync(input, catalog('"tab\\there, and a line\\nbreak"'));
  t.is(commands["npm run codegen"](input, out).code, 0);
});

test("a key or a file name with a line break or escape stays on its one line of message", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const input = join(dir, "key.yaml");
  writeFileSync(input, 'app: shop\nevents:\n  "a\\nb\\e[2J": {description: x, level: info}\n');
  const at = "events.a\\u000ab\\u001b[2J";
  rejects(t, input, out, [
    `Event name "a\\u000ab\\u001b[2J" at ${at} must be "component.action" at ${input}:3:3`,
    `Event name segment "a\\u000ab\\u001b[2J" at ${at} is not a valid snake_case identifier at ${input}:3:3`,
    summary(input, 2),
  ]);
  const named = join(dir, "two\nlines.yaml");
  rejects(t, named, out, [`Catalog file ${JSON.stringify(named)} does not exist`]);
});

// Something that is not a readable file.

test("a path that does not exist, or passes through a file, is named", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  rejects(t, join(dir, "nope.yaml"), out, [
    `Catalog file ${join(dir, "nope.yaml")} does not exist`,
  ]);
  const file = join(dir, "file.yaml");
  writeFileSync(file, catalog());
  rejects(t, join(file, "events.yaml"), out, [
    `Catalog file ${join(file, "events.yaml")} does not exist: ${file} is a file, not a folder`,
  ]);
});

test("a folder, a FIFO and a device are refused without reading them", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const folder = join(dir, "events.yaml");
  mkdirSync(folder);
  rejects(t, folder, out, [`Catalog file ${folder} is a folder, not a file`]);
  // Reading a FIFO with no writer would wait for ever.
  const fifo = join(dir, "fifo.yaml");
  execFileSync("mkfifo", [fifo]);
  rejects(t, fifo, out, [`Catalog file ${fifo} is a FIFO, not a regular file`]);
  rejects(t, "/dev/zero", out, [
    "Catalog file /dev/zero is a character device, not a regular file",
  ]);
});

test("a symbolic link loop is named as such, a link to a catalog is read", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const a = join(dir, "a.yaml");
  symlinkSync("b.yaml", a);
  symlinkSync("a.yaml", join(dir, "b.yaml"));
  rejects(t, a, out, [`Catalog file ${a} cannot be read: its symbolic links form a loop`]);
  writeFileSync(join(dir, "real.yaml"), catalog());
  symlinkSync("real.yaml", join(dir, "link.yaml"));
  t.is(commands["npm run codegen"](join(dir, "link.yaml"), out).code, 0);
});

test("an empty catalog path is a usage error for the bin and named for npm run codegen", (t) => {
  t.deepEqual(parseCommand(["codegen", ""]), {
    kind: "usage-error",
    message: "Missing the catalog file",
  });
  t.deepEqual(parseCommand(["codegen", "a.yaml", "--out", ""]), {
    kind: "usage-error",
    message: "The --out path is empty",
  });
  const out = join(tempDir(), "out.ts");
  t.deepEqual(runCodegen({ input: "", out }), {
    code: 1,
    messages: ["The catalog path is empty"],
  });
});

// Huge and deep catalogs.

test("a catalog over 1 MiB is refused from its size, before it is read", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const input = join(dir, "huge.yaml");
  writeFileSync(input, catalog());
  truncateSync(input, 10 * 1024 * 1024); // sparse: 10 MB that would take seconds to parse
  rejects(t, input, out, [
    `Catalog file ${input} is too large: 10485760 bytes, at most 1048576 (1 MiB)`,
  ]);
  t.is(maxCatalogBytes, 1024 * 1024);
  writeFileSync(input, catalog() + "#".repeat(maxCatalogBytes - catalog().length));
  t.is(commands["npm run codegen"](input, out).code, 0, "exactly 1 MiB is read");
});

function events(n: number): string {
  let text = "app: shop\nevents:\n";
  for (let i = 0; i < n; i++) text += `  e${i}.done: {description: Done., level: info}\n`;
  return text;
}

test("a catalog of more than 2,000 events is refused at its events", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const input = join(dir, "many.yaml");
  t.is(maxEvents, 2000);
  writeFileSync(input, events(maxEvents + 1));
  rejects(t, input, out, [
    `Too many events: 2001, at most 2000 at ${input}:3:3`,
    summary(input),
  ]);
  t.is(loadCatalog("ok.yaml", events(maxEvents)).events.length, maxEvents);
});

test("collections nested deeper than 32 levels are refused where they cross the limit", (t) => {
  const dir = tempDir();
  const out = join(dir, "out.ts");
  const input = join(dir, "deep.yaml");
  t.is(maxNesting, 32);
  // 100,000 levels would exhaust the call stack of the YAML composer, which recurses per level.
  const depth = 100_000;
  const cases: [string, string][] = [
    ["flow mappings", "{a: ".repeat(depth) + "x" + "}".repeat(depth)],
    ["flow sequences", "[".repeat(depth) + "x" + "]".repeat(depth)],
  ];
  for (const [what, value] of cases) {
    writeFileSync(input, `app: shop\nevents: ${value}\n`);
    const column = 9 + (what === "flow mappings" ? 4 : 1) * (maxNesting - 1);
    rejects(t, input, out, [
      `Nesting deeper than 32 levels is not allowed in a catalog at ${input}:2:${column}`,
      summary(input),
    ]);
  }
  let block = "app: shop\nevents:\n";
  for (let i = 1; i <= 40; i++) block += `${" ".repeat(i)}a:\n`;
  writeFileSync(input, block + " ".repeat(41) + "x\n");
  rejects(t, input, out, [
    `Nesting deeper than 32 levels is not allowed in a catalog at ${input}:34:33`,
    summary(input),
  ]);
});

test("a second YAML document in the catalog is refused where it starts", (t) => {
  const dir = tempDir();
  const input = join(dir, "two.yaml");
  writeFileSync(input, catalog() + "---\napp: other\n");
  rejects(t, input, join(dir, "out.ts"), [
    `A second YAML document starts here; a catalog is one document at ${input}:6:1`,
    summary(input),
  ]);
});

// The output.

test("an output whose folder cannot be created, or that is a folder, is refused", (t) => {
  const dir = tempDir();
  const input = join(dir, "events.yaml");
  writeFileSync(input, catalog());
  const file = join(dir, "file");
  writeFileSync(file, "a file\n");
  for (const out of [join(file, "out.ts"), join(file, "deeper", "out.ts")]) {
    rejects(t, input, out, [
      `Cannot write ${out}: ${file} is a file, not a folder; nothing was written`,
    ]);
  }
  t.is(readFileSync(file, "utf8"), "a file\n");
  const folder = join(dir, "out.ts");
  mkdirSync(folder);
  rejects(t, input, folder, [`Cannot write ${folder}: it is a folder; nothing was written`]);
  t.deepEqual(readdirSync(folder), []);
});

test("an output that is the catalog itself is refused, leaving the catalog as it was", (t) => {
  const dir = tempDir();
  const input = join(dir, "events.yaml");
  writeFileSync(input, catalog());
  const message = (out: string) =>
    `Cannot write ${out}: it is the catalog itself (choose another --out); nothing was written`;
  rejects(t, input, input, [message(input)]);
  const link = join(dir, "link.ts");
  symlinkSync("events.yaml", link);
  rejects(t, input, link, [message(link)]);
  t.is(readFileSync(input, "utf8"), catalog());
});

(process.platform === "linux" ? test : test.skip)(
  "an output folder that mkdir refuses is named with the reason, without looping (Linux /proc)",
  (t) => {
    // mkdirSync(…, { recursive: true }) retries /proc/self/x for ever.
    const dir = tempDir();
    const input = join(dir, "events.yaml");
    writeFileSync(input, catalog());
    const out = "/proc/self/x/out.ts";
    rejects(t, input, out, [
      `Cannot write ${out}: its folder /proc/self/x cannot be created: no such file or directory (ENOENT); nothing was written`,
    ]);
  },
);

test("--check names an output that is a folder, a FIFO or under a file, without reading it", (t) => {
  const dir = tempDir();
  const input = join(dir, "events.yaml");
  writeFileSync(input, catalog());
  const folder = join(dir, "folder.ts");
  mkdirSync(folder);
  rejects(t, input, folder, [`${folder} is a folder, not a file`], true);
  const fifo = join(dir, "fifo.ts");
  execFileSync("mkfifo", [fifo]);
  rejects(t, input, fifo, [`${fifo} is a FIFO, not a regular file`], true);
  const file = join(dir, "file");
  writeFileSync(file, "");
  rejects(
    t,
    input,
    join(file, "out.ts"),
    [`${join(file, "out.ts")} does not exist: ${file} is a file, not a folder`],
    true,
  );
});

// The processes: exit status, stderr, no stack trace; and reading denied, which needs a user that
// permissions apply to (the tests may run as root, whom chmod does not stop).

const tsx = "node_modules/.bin/tsx";

/** Runs a command with `args`, as the user `uid` if given; resolves with its status and output. */
function run(
  args: readonly string[],
  uid?: number,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, uid === undefined ? {} : { uid, gid: uid });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The user the permission tests run as: nobody when root, else the current user. */
const asUser = process.getuid?.() === 0 ? 65534 : undefined;

test("both commands print the one line on stderr, exit 1 and never a stack trace", async (t) => {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const latin1 = join(dir, "latin1.yaml");
  writeFileSync(latin1, Buffer.from(catalog('"caf\xe9"'), "latin1"));
  const deep = join(dir, "deep.yaml");
  writeFileSync(deep, "app: shop\nevents: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n");
  const fifo = join(dir, "fifo.yaml");
  execFileSync("mkfifo", [fifo]);
  const denied = join(dir, "denied.yaml");
  writeFileSync(denied, catalog());
  chmodSync(denied, 0);
  const readOnly = join(dir, "read-only");
  mkdirSync(readOnly, { mode: 0o555 });
  const good = join(dir, "good.yaml");
  writeFileSync(good, catalog());
  const out = join(dir, "out.ts");
  const cases: [string, string[], number | undefined][] = [
    [latin1, [
      `Byte 0xE9 is not valid UTF-8 (save the catalog as UTF-8) at ${latin1}:4:22`,
      summary(latin1),
    ], undefined],
    [deep, [
      `Nesting deeper than 32 levels is not allowed in a catalog at ${deep}:2:40`,
      summary(deep),
    ], undefined],
    [fifo, [`Catalog file ${fifo} is a FIFO, not a regular file`], undefined],
    [dir, [`Catalog file ${dir} is a folder, not a file`], undefined],
    [denied, [`Catalog file ${denied} cannot be read: permission denied`], asUser],
  ];
  const runs: [string[], string[], number | undefined][] = [];
  for (const [input, lines, uid] of cases) {
    runs.push([lines, ["codegen/bin.ts", "codegen", input, "--out", out], uid]);
    runs.push([lines, ["codegen/main.ts", "--input", input, "--out", out], uid]);
  }
  const unwritable = join(readOnly, "out.ts");
  const cannot = [`Cannot write ${unwritable}: permission denied (EACCES); nothing was written`];
  runs.push([cannot, ["codegen/bin.ts", "codegen", good, "--out", unwritable], asUser]);
  runs.push([cannot, ["codegen/main.ts", "--input", good, "--out", unwritable], asUser]);
  // Two at a time: the machine is shared.
  const lane = async (from: number) => {
    for (let i = from; i < runs.length; i += 2) {
      const [lines, args, uid] = runs[i];
      const { status, stdout, stderr } = await run(args, uid);
      t.is(status, 1, args.join(" "));
      t.is(stdout, "");
      t.is(stderr, lines.map((line) => line + "\n").join(""), args.join(" "));
    }
  };
  await Promise.all([lane(0), lane(1)]);
  t.false(existsSync(out));
  t.deepEqual(readdirSync(readOnly), []);
});
