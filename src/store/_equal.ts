/**
 * Structural equality for bag values, the way ETS compares terms: primitives by SameValueZero,
 * arrays element-wise, plain objects by own enumerable keys and values. Other objects (maps,
 * dates, class instances) are equal only to themselves.
 *
 * Cycles are safe: two values are equal when no finite path through them reaches a difference
 * (the coinductive reading), so `a = { self: a }` equals `b = { self: b }`. The walk uses an
 * explicit stack and visits each pair of objects once, so neither cycles nor deep nesting can
 * overflow the call stack, and the cost is linear in the number of object pairs compared.
 *
 * @module
 */

/** Whether two values are structurally equal. */
export function equalValues(a: unknown, b: unknown): boolean {
  if (sameValueZero(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  // Pairs already compared or scheduled: meeting one again (a cycle, or a shared child) adds
  // nothing, since its outcome is already part of the answer.
  const seen = new Map<object, Set<object>>();
  const stack: [object, object][] = [[a, b]];
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [x, y] = pair;
    let partners = seen.get(x);
    if (partners === undefined) seen.set(x, partners = new Set());
    else if (partners.has(y)) continue;
    partners.add(y);
    if (!pushChildren(x, y, stack)) return false;
  }
  return true;
}

/**
 * Compares the shape of two distinct objects and their primitive children; pushes the pairs of
 * object children still to compare. Returns `false` on a difference.
 */
function pushChildren(x: object, y: object, stack: [object, object][]): boolean {
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!compareChild(x[i], y[i], stack)) return false;
    return true;
  }
  if (Array.isArray(y) || !isPlain(x) || !isPlain(y)) return false;
  const kx = Object.keys(x);
  if (kx.length !== Object.keys(y).length) return false;
  const rx = x as Record<string, unknown>;
  const ry = y as Record<string, unknown>;
  for (const k of kx) {
    if (!Object.hasOwn(y, k) || !compareChild(rx[k], ry[k], stack)) return false;
  }
  return true;
}

function compareChild(a: unknown, b: unknown, stack: [object, object][]): boolean {
  if (sameValueZero(a, b)) return true;
  if (!isObject(a) || !isObject(b)) return false;
  stack.push([a, b]);
  return true;
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
