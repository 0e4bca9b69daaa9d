/**
 * How a model name as a provider reports it finds its price: the one rule, in one place.
 *
 * 1. A leading `models/` (a Gemini resource name) is dropped.
 * 2. The name is looked up exactly (an entry's model id or one of its aliases).
 * 3. If that fails and the name ends in a snapshot suffix, the suffix is dropped once and the
 *    rest looked up exactly: a date `-YYYYMMDD` (Anthropic: `claude-sonnet-4-20250514`), a date
 *    `-YYYY-MM-DD` (OpenAI: `gpt-4o-2024-08-06`), both with a real calendar date, or `-latest`
 *    (`claude-3-5-haiku-latest`).
 *
 * Nothing else: no prefix match, no case folding, no other suffix (`gpt-4o-mini` is never
 * `gpt-4o`, `gpt-5-pro` never `gpt-5`, `gemini-2.5-flash-preview-04-17` never
 * `gemini-2.5-flash`). An exact entry wins over a stripped one, so a snapshot with its own price
 * (`gpt-4o-2024-05-13`) gets it.
 *
 * @module
 */

const compactDate = /^(.+)-(\d{4})(\d{2})(\d{2})$/;
const dashedDate = /^(.+)-(\d{4})-(\d{2})-(\d{2})$/;
const latest = /^(.+)-latest$/;

/** Whether year, month and day make a real calendar date. */
function isDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The names to look up for `model`, in order: the name itself (without `models/`), then the
 * name without its snapshot suffix if it has one.
 */
export function modelCandidates(model: string): readonly string[] {
  const name = model.startsWith("models/") ? model.slice("models/".length) : model;
  for (const pattern of [compactDate, dashedDate]) {
    const m = pattern.exec(name);
    if (m !== null && isDate(m[2], m[3], m[4])) return [name, m[1]];
  }
  const m = latest.exec(name);
  return m === null ? [name] : [name, m[1]];
}
