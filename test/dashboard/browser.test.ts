// The dashboard in a real browser (Debian's Chromium, headless, through playwright-core): the
// charts show what the store holds and move as events arrive, hostile tag values stay text, the
// level filter and the legend work from the keyboard, light and dark differ; and off loopback a
// request without the token is refused. One server and one browser for the file.
import test from "ava";
import { existsSync, mkdirSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { isDeepStrictEqual as same } from "node:util";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import {
  ALERT_TRIGGERED,
  attachAll,
  detachAll,
  emitLlmResponse,
  emitSessionStart,
  execute,
  getMetrics,
  standardCatalog,
} from "../../mod.ts";
import { attachCostAccounting } from "../../src/cost/mod.ts";
import { createLogRing, type DashboardServer, serveDashboard } from "../../src/dashboard/mod.ts";
import { createLogger } from "../../src/logger/mod.ts";
import { defaultDefinitions, lastValue, sum } from "../../src/metrics/mod.ts";
import { freePort, waitFor } from "../fixtures/servers.ts";
import { chromiumPath, launchChromium } from "../fixtures/chromium.ts";

const hostile = "<img src=x onerror=alert(1)>";
const screenshot = process.env.DASHBOARD_SCREENSHOT ?? join(tmpdir(), "jido-dashboard.png");

const logs = createLogRing({ size: 200 });
attachAll({
  catalog: standardCatalog,
  log: { logger: createLogger({ env: "production", sink: logs.sink }) },
  metrics: {
    definitions: [
      ...defaultDefinitions(standardCatalog),
      sum("jido_coder_lib.llm.response.output_tokens", { tags: ["model"] }),
      lastValue("jido_coder_lib.llm.response.input_tokens", { tags: ["model"] }),
    ],
  },
});
const costs = attachCostAccounting(standardCatalog, { id: "browser-costs" });

let n = 0;
function respond(count: number): void {
  for (let i = 0; i < count; i++, n++) {
    emitLlmResponse(
      { duration: 400 + 97 * (n % 13), input_tokens: 900 + n, output_tokens: 40 + n },
      {
        model: n % 3 === 0 ? hostile : "claude-sonnet-4",
        provider: "anthropic",
        finish_reason: n % 7 === 6 ? "error" : "stop",
        session_id: `s-${n % 4}`,
      },
    );
  }
}

let server: DashboardServer;
let browser: Browser;
const dialogs: string[] = [];
const errors: string[] = [];

test.before(async () => {
  emitSessionStart({ system_time: Date.now() }, { session_id: "s-0", user_id: "u" });
  respond(12);
  server = await serveDashboard({
    metrics: getMetrics,
    catalog: standardCatalog,
    logs,
    cost: () => costs.byModel(),
    port: await freePort(),
    intervalMs: 250,
  });
  // After the server: the dashboard listens to alerts from its creation on.
  execute(ALERT_TRIGGERED, { value: 3, threshold: 1 }, {
    rule: "llm-errors",
    metric: "jido_coder_lib.llm.response.count",
    condition: "more than 1 within 300000 ms",
    severity: "warning",
    labels: { model: hostile },
  });
  browser = await launchChromium();
});

test.after.always(async () => {
  await browser?.close();
  await server?.close();
  costs.detach();
  detachAll();
});

async function open(url: string, status = 200): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const response = await page.goto(url);
  if (response?.status() !== status) throw new Error(`${url} answered ${response?.status()}`);
  return page;
}

/** What the page shows per metric and series: data attributes of the legend's items. */
function shown(page: Page): Promise<Record<string, Record<string, Record<string, string>>>> {
  return page.evaluate(() => {
    const out: Record<string, Record<string, Record<string, string>>> = {};
    for (const fig of document.querySelectorAll<HTMLElement>("figure[data-metric]")) {
      const series: Record<string, Record<string, string>> = {};
      for (const li of fig.querySelectorAll<HTMLElement>("li[data-series]")) {
        const { series: key, ...rest } = li.dataset;
        series[key!] = rest as Record<string, string>;
      }
      out[fig.dataset.metric!] = series;
    }
    return out;
  });
}

/** The same, from the store: what the page must show. */
function expected(): Record<string, Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const m of getMetrics()) {
    const series: Record<string, Record<string, string>> = {};
    for (const s of m.series) {
      const sorted = Object.fromEntries(Object.entries(s.tags).sort(([a], [b]) => a < b ? -1 : 1));
      const v = s.value;
      series[JSON.stringify(sorted)] = typeof v === "number"
        ? { value: String(v) }
        : "quantiles" in v
        ? {
          count: String(v.count),
          p50: String(v.quantiles.p50),
          p95: String(v.quantiles.p95),
          p99: String(v.quantiles.p99),
        }
        : { count: String(v.count), sum: String(v.sum) };
    }
    out[m.name] = series;
  }
  return out;
}

test.serial("the charts show what the store holds, and move as new events arrive", async (t) => {
  t.timeout(60_000);
  const page = await open(server.url);
  const began = Date.now();
  try {
    await waitFor(
      "the page to show the store",
      async () => same(await shown(page), expected()) ? true : undefined,
      10_000,
    ).catch(() => {});
    t.deepEqual(await shown(page), expected());
    t.log(`the page showed the store after ${Date.now() - began} ms`);
    const count = 'figure[data-metric="jido_coder_lib.llm.response.count"] li[data-series="{}"]';
    t.is(await page.locator(count).getAttribute("data-value"), "12");
    t.is(await page.locator(`${count} .value`).textContent(), "12");
    t.is(await page.locator("canvas").count(), getMetrics().length);
    const updates = Number(await page.evaluate(() => document.body.dataset.updates));
    respond(5);
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute("data-value") === "17",
      count,
      { timeout: 5_000 },
    );
    t.true(Number(await page.evaluate(() => document.body.dataset.updates)) > updates);
    t.is(await page.locator(`${count} .value`).textContent(), "17");
    await waitFor(
      "the page to catch up",
      async () => same(await shown(page), expected()) ? true : undefined,
      10_000,
    ).catch(() => {});
    t.deepEqual(await shown(page), expected());
    t.regex((await page.locator("#status").textContent())!, /^Live · updated /);
    // Components in the catalog's order, as sections with headings.
    const components = await page.locator("section.component h2").allTextContents();
    t.deepEqual(components.slice(0, 3), ["session", "agent", "llm"]);
    // The cost table, from the accounting's byModel().
    const byModel = costs.byModel();
    const rows = await page.locator("#cost-rows tr").evaluateAll((trs) =>
      trs.map((tr) => [(tr as HTMLElement).dataset.model, (tr as HTMLElement).dataset.cost])
    );
    t.deepEqual(
      rows.sort(),
      Object.entries(byModel).map(([model, c]) => [model, String(c.cost)]).sort(),
    );
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: false });
    t.log(`screenshot: ${screenshot}`);
  } finally {
    await page.close();
  }
  t.deepEqual(errors, []);
});

test.serial("a hostile tag value renders as text: no element, no script, no dialog", async (t) => {
  const page = await open(server.url);
  try {
    await page.waitForSelector(".tag-value", { timeout: 10_000 });
    await page.waitForSelector("#log-lines li", { timeout: 10_000 });
    const values = await page.locator(".tag-value").allTextContents();
    t.true(values.filter((v) => v === hostile).length >= 3, values.join(" | ")); // charts, alert
    t.is(await page.locator("img").count(), 0);
    t.is(
      await page.locator("#alerts-active li[data-rule='llm-errors'] .tag-value").textContent(),
      hostile,
    );
    const lines = await page.locator("#log-lines .msg").allTextContents();
    t.true(lines.some((l) => l.includes(hostile)));
    await page.waitForTimeout(500);
    t.deepEqual(dialogs, []);
  } finally {
    await page.close();
  }
  t.deepEqual(errors, []);
});

test.serial("the level filter and the legend work from the keyboard; light and dark differ", async (t) => {
  const page = await open(server.url);
  try {
    await page.waitForSelector("#log-lines li", { timeout: 10_000 });
    const levelsShown = () =>
      page.locator("#log-lines li").evaluateAll((lis) =>
        [...new Set(lis.map((li) => (li as HTMLElement).dataset.level))].sort()
      );
    const atLeast = (min: string[]) => logs.lines().filter((l) => min.includes(l.level)).length;
    t.deepEqual(await levelsShown(), ["error", "info"]);
    t.is(await page.locator("#log-lines li").count(), atLeast(["info", "warn", "error"]));
    await page.focus("#level");
    await page.keyboard.press("ArrowDown"); // info → warn
    await page.keyboard.press("ArrowDown"); // warn → error
    t.is(await page.locator("#level").inputValue(), "error");
    t.deepEqual(await levelsShown(), ["error"]);
    t.is(await page.locator("#log-lines li").count(), atLeast(["error"]));
    const button = page.locator(
      'figure[data-metric="jido_coder_lib.llm.response.count"] li[data-series="{}"] button',
    );
    await button.focus();
    t.true(await button.evaluate((b) => b === document.activeElement));
    await page.keyboard.press("Space");
    t.is(await button.getAttribute("aria-pressed"), "false");
    await page.keyboard.press("Enter");
    t.is(await button.getAttribute("aria-pressed"), "true");
    const pause = page.locator("#pause");
    await pause.focus();
    await page.keyboard.press("Enter");
    t.is(await pause.getAttribute("aria-pressed"), "true");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await background();
    t.is(light, "rgb(255, 255, 255)");
    t.is(dark, "rgb(13, 17, 23)");
    await page.keyboard.press("Enter"); // resume
    if (process.env.DASHBOARD_SCREENSHOT) {
      await page.waitForTimeout(600);
      await page.screenshot({ path: screenshot.replace(/\.png$/, "-dark.png") });
    }
  } finally {
    await page.close();
  }
  t.deepEqual(errors, []);
});

test.serial("off loopback, the page and its API need the token: 401 without, 200 with", async (t) => {
  const token = "a-long-secret-token-0123456789";
  const port = await freePort();
  const open0 = await serveDashboard({ metrics: getMetrics, hostname: "0.0.0.0", port, token });
  t.teardown(open0.close);
  t.is(open0.url, `http://0.0.0.0:${port}/`);
  const lan = Object.values(networkInterfaces()).flat()
    .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;
  t.log(`non-loopback address tried: ${lan ?? "none on this machine"}`);
  for (const host of ["127.0.0.1", ...(lan ? [lan] : [])]) {
    for (const path of ["/", "/api/snapshot"]) {
      const base = `http://${host}:${port}${path}`;
      const refused = await fetch(base);
      t.is(refused.status, 401, base);
      await refused.body?.cancel();
      const bearer = await fetch(base, { headers: { authorization: `Bearer ${token}` } });
      t.is(bearer.status, 200, base);
      await bearer.body?.cancel();
      const query = await fetch(`${base}?token=${token}`);
      t.is(query.status, 200, base);
      await query.body?.cancel();
    }
  }
  const denied = await open(`http://127.0.0.1:${port}/`, 401);
  try {
    t.is(await denied.locator("figure").count(), 0);
    t.is(await denied.locator("body").textContent(), "Unauthorized\n");
  } finally {
    await denied.close();
  }
  const page = await open(`http://127.0.0.1:${port}/?token=${token}`);
  try {
    await page.waitForSelector('figure[data-metric="jido_coder_lib.llm.response.count"]');
    await page.waitForFunction(() => /^Live/.test(document.getElementById("status")!.textContent!));
    t.pass();
  } finally {
    await page.close();
  }
});

test("Debian's chromium is installed", (t) => {
  t.true(existsSync(chromiumPath), "Debian's chromium is not installed (.ci/run installs it)");
});
