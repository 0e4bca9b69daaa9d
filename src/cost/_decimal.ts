/**
 * Exact money: prices and amounts as integers, never floats.
 *
 * A price per million tokens is held as an integer number of micro-dollars (1e-6 USD) per
 * million tokens, so `"3.75"` is `3_750_000n`. Then `tokens × price` is an integer number of
 * pico-dollars (1e-12 USD): `n` tokens at `p` micro-dollars per million tokens cost
 * `n × p / 1e6` micro-dollars, which is `n × p` pico-dollars. Every amount, and every sum of
 * amounts, is therefore an exact integer, formatted as a decimal string only when read.
 *
 * @module
 */

/** The most decimal places a price may have: micro-dollars per million tokens. */
export const priceDecimals = 6;

const pricePattern = new RegExp(`^(0|[1-9][0-9]*)(?:\\.([0-9]{1,${priceDecimals}}))?$`);

/**
 * Parses a price per million tokens written as a decimal string (`"3.75"`, `"0.30"`, `"15"`)
 * into micro-dollars per million tokens; `undefined` if it is not such a string (no sign, no
 * exponent, at most {@link priceDecimals} decimals).
 */
export function parsePrice(text: unknown): bigint | undefined {
  if (typeof text !== "string") return undefined;
  const m = pricePattern.exec(text);
  if (m === null) return undefined;
  const fraction = (m[2] ?? "").padEnd(priceDecimals, "0");
  return BigInt(m[1]) * 10n ** BigInt(priceDecimals) + BigInt(fraction);
}

/**
 * Formats a non-negative integer of `10^-scale` dollars as a decimal string with its trailing
 * zeros removed but at least two decimals: `"0.0123456"`, `"1.00"`, `"0.50"`. It slices the
 * digits: this runs for every response, and BigInt division costs several times more.
 */
function formatScaled(units: bigint, scale: number): string {
  const digits = units.toString().padStart(scale + 1, "0");
  const point = digits.length - scale;
  let end = digits.length;
  while (end > point + 2 && digits.charCodeAt(end - 1) === 48 /* 0 */) end--;
  return `${digits.slice(0, point)}.${digits.slice(point, end)}`;
}

/** An amount in pico-dollars as a decimal string of dollars, e.g. `"0.0123456"`, `"1.00"`. */
export function formatAmount(pico: bigint): string {
  return formatScaled(pico, 12);
}

/** A price in micro-dollars per million tokens as a decimal string, e.g. `"3.75"`, `"0.005"`. */
export function formatPrice(micro: bigint): string {
  return formatScaled(micro, priceDecimals);
}

/**
 * An amount in pico-dollars as the nearest double of dollars, rounded once (the decimal string
 * is exact, and JavaScript reads a decimal string correctly rounded).
 */
export function amountToNumber(pico: bigint): number {
  return Number(formatAmount(pico));
}
