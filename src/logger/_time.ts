// Private: cheap timestamps. `new Date().toISOString()` costs about as much as a whole log line,
// so the ISO string is cached per millisecond and rebuilt from a per-second prefix.

let isoMs = NaN;
let isoText = "";
let isoSecond = NaN;
let isoPrefix = "";

function pad3(n: number): string {
  return n < 10 ? "00" + n : n < 100 ? "0" + n : "" + n;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : "" + n;
}

/** `2024-05-01T12:00:00.000Z` for a time in epoch milliseconds. */
export function isoTime(ms: number): string {
  if (ms === isoMs) return isoText;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return isoTime(Date.now());
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  isoMs = ms;
  if (second === isoSecond) {
    isoText = isoPrefix + pad3(whole - second * 1000) + "Z";
    return isoText;
  }
  isoText = new Date(whole).toISOString();
  if (isoText.length === 24) {
    isoSecond = second;
    isoPrefix = isoText.slice(0, 20);
  }
  return isoText;
}

let localMs = NaN;
let localText = "";

/** `12:00:00.000` in local time, for the pretty format. */
export function localTime(ms: number): string {
  if (ms === localMs) return localText;
  const date = new Date(Number.isFinite(ms) ? ms : Date.now());
  localMs = ms;
  localText = pad2(date.getHours()) + ":" + pad2(date.getMinutes()) + ":" +
    pad2(date.getSeconds()) + "." + pad3(date.getMilliseconds());
  return localText;
}

let headMs = NaN;
let headText = "";

/** `{"time":"<iso>","level":"` for the json format, cached per millisecond. */
export function jsonTimeHead(ms: number): string {
  if (ms !== headMs) {
    headText = '{"time":"' + isoTime(ms) + '","level":"';
    headMs = ms;
  }
  return headText;
}
