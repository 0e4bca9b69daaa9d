// The dashboard's script: renders snapshots as text (textContent, never innerHTML) and canvas charts.
// Kept as a string so the package ships the page with no build step and no file reads.

/** The dashboard's script: renders snapshots as text (textContent, never innerHTML) and canvas charts. */
export const appJs: string = String.raw`"use strict";
(function () {
  var query = new URLSearchParams(location.search);
  var token = query.get("token");
  var levels = ["debug", "info", "warn", "error"];
  var st = { history: 120, interval: 1000, time: 0, cards: new Map(), sections: new Map(), logs: [], seq: 0, paused: false, updates: 0 };
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function url(path, extra) {
    var q = new URLSearchParams(extra || {});
    if (token) q.set("token", token);
    var s = q.toString();
    return path + (s ? "?" + s : "");
  }
  function fmt(v) {
    if (typeof v !== "number") return "–";
    if (!isFinite(v)) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e12 || a < 1e-3)) return v.toExponential(2);
    return v.toLocaleString("en", { maximumFractionDigits: a < 1 ? 4 : a < 100 ? 2 : 0 });
  }
  function short(v) {
    var a = Math.abs(v);
    return a >= 1e9 ? fmt(v / 1e9) + "G" : a >= 1e6 ? fmt(v / 1e6) + "M" : a >= 1e4 ? fmt(v / 1e3) + "k" : fmt(v);
  }
  function status(text) { $("status").textContent = text; }
  function point(time, v) {
    if (typeof v === "number" || v === null) return [time, v];
    if (v.quantiles) return [time, v.quantiles.p50, v.quantiles.p95, v.quantiles.p99];
    return [time, v.count];
  }
  function section(component) {
    var s = st.sections.get(component);
    if (s) return s;
    var sec = el("section", "component");
    var h = el("h2", "", component);
    h.id = "component-" + st.sections.size;
    sec.setAttribute("aria-labelledby", h.id);
    sec.dataset.component = component;
    var grid = el("div", "grid");
    sec.append(h, grid);
    $("metrics").append(sec);
    s = { el: sec, grid: grid };
    st.sections.set(component, s);
    return s;
  }
  function card(m) {
    var c = st.cards.get(m.name);
    if (c) return c;
    var fig = el("figure", "chart");
    fig.dataset.metric = m.name;
    fig.dataset.kind = m.kind;
    var cap = el("figcaption");
    var meta = m.kind + (m.unit && m.unit !== "1" ? " · " + m.unit : "");
    if (m.kind === "summary") meta += " · p50 ━ p95 ╍ p99 ┈";
    cap.append(el("div", "name", m.name), el("div", "meta", meta));
    if (m.description) cap.append(el("div", "muted", m.description));
    var canvas = el("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (m.kind === "distribution" ? "Histogram of " : "Chart of ") + m.name + "; values in the list below");
    fig.append(cap);
    c = { m: m, fig: fig, canvas: canvas, legend: el("ul", "legend"), series: new Map(), pick: null, n: 0 };
    if (m.kind === "distribution") {
      var label = el("label", "muted", "Series ");
      c.pick = el("select");
      c.pick.addEventListener("change", function () { draw(c); });
      label.append(c.pick);
      fig.append(label);
    }
    fig.append(canvas, c.legend);
    section(m.component).grid.append(fig);
    st.cards.set(m.name, c);
    return c;
  }
  function tagsEl(tags) {
    var span = el("span", "tags");
    var keys = Object.keys(tags);
    if (keys.length === 0) span.append(el("span", "muted", "all"));
    keys.forEach(function (k, i) {
      var t = el("span", "tag");
      t.append(el("span", "tag-key", k + "="), el("span", "tag-value", tags[k]));
      if (i > 0) span.append(document.createTextNode(", "));
      span.append(t);
    });
    return span;
  }
  function seriesOf(c, s) {
    var x = c.series.get(s.key);
    if (x) return x;
    var li = el("li", "series");
    li.dataset.series = s.key;
    var color = "c" + (c.n++ % 8);
    var b = el("button");
    b.type = "button";
    b.setAttribute("aria-pressed", "true");
    b.append(el("span", "swatch " + color), tagsEl(s.tags));
    var value = el("span", "value");
    li.append(b, value);
    x = { li: li, value: value, color: color, shown: true, points: [], last: s.value, tags: s.tags };
    b.addEventListener("click", function () {
      x.shown = !x.shown;
      b.setAttribute("aria-pressed", String(x.shown));
      draw(c);
    });
    c.legend.append(li);
    c.series.set(s.key, x);
    if (c.pick) {
      var o = el("option", "", Object.keys(s.tags).map(function (k) { return k + "=" + s.tags[k]; }).join(", ") || "all");
      o.value = s.key;
      c.pick.append(o);
    }
    return x;
  }
  function showValue(m, x, v) {
    var d = x.li.dataset;
    if (typeof v === "number" || v === null) {
      d.value = String(v);
      x.value.textContent = fmt(v);
    } else if (v.quantiles) {
      d.count = String(v.count);
      d.p50 = String(v.quantiles.p50);
      d.p95 = String(v.quantiles.p95);
      d.p99 = String(v.quantiles.p99);
      x.value.textContent = "p50 " + fmt(v.quantiles.p50) + " · p95 " + fmt(v.quantiles.p95) + " · p99 " + fmt(v.quantiles.p99);
    } else {
      d.count = String(v.count);
      d.sum = String(v.sum);
      x.value.textContent = "n " + fmt(v.count) + " · mean " + fmt(v.count ? v.sum / v.count : null);
    }
  }
  function apply(snap, full) {
    st.updates++;
    document.body.dataset.updates = String(st.updates);
    st.history = snap.history;
    st.interval = snap.intervalMs || 1000;
    st.time = snap.time;
    snap.metrics.forEach(function (m) {
      var c = card(m);
      var seen = new Set();
      m.series.forEach(function (s) {
        var x = seriesOf(c, s);
        seen.add(s.key);
        x.last = s.value;
        if (full && s.points) x.points = s.points.slice(-st.history);
        else {
          var prev = x.points[x.points.length - 1];
          if (!prev || prev[0] < snap.time) x.points.push(point(snap.time, s.value));
          if (x.points.length > st.history) x.points.splice(0, x.points.length - st.history);
        }
        showValue(m, x, s.value);
      });
      c.series.forEach(function (x, key) {
        if (!seen.has(key)) { x.li.remove(); c.series.delete(key); }
      });
      c.fig.classList.toggle("empty", c.series.size === 0);
      if (!st.paused) draw(c);
    });
    if (snap.logs) logs(snap.logs);
    alerts(snap.alerts);
    cost(snap.cost);
  }
  function colors() {
    var cs = getComputedStyle(document.documentElement);
    var o = { fg: cs.getPropertyValue("--fg"), muted: cs.getPropertyValue("--muted"), grid: cs.getPropertyValue("--grid") };
    for (var i = 0; i < 8; i++) o["c" + i] = cs.getPropertyValue("--c" + i);
    return o;
  }
  function frame(c) {
    var cv = c.canvas, r = window.devicePixelRatio || 1;
    var w = cv.clientWidth || 300, h = cv.clientHeight || 140;
    cv.width = Math.round(w * r);
    cv.height = Math.round(h * r);
    var ctx = cv.getContext("2d");
    ctx.setTransform(r, 0, 0, r, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "11px system-ui, sans-serif";
    return { ctx: ctx, w: w, h: h, k: colors() };
  }
  function axis(f, lo, hi, left) {
    var ctx = f.ctx;
    ctx.strokeStyle = f.k.grid;
    ctx.fillStyle = f.k.muted;
    ctx.lineWidth = 1;
    for (var i = 0; i <= 2; i++) {
      var y = 6 + (f.h - 22) * i / 2;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(f.w, y); ctx.stroke();
      ctx.fillText(fmt(hi - (hi - lo) * i / 2), 0, y + 4);
    }
  }
  function draw(c) {
    if (c.m.kind === "distribution") return histogram(c);
    var f = frame(c), ctx = f.ctx, lines = [];
    var t1 = st.time, t0 = t1 - st.history * st.interval, first = t1;
    c.series.forEach(function (x) {
      if (x.points.length) first = Math.min(first, x.points[0][0]);
    });
    // A short history fills the chart: from its first sample, at least ten intervals wide.
    t0 = Math.max(t0, Math.min(first, t1 - 10 * st.interval));
    c.series.forEach(function (x) {
      if (!x.shown) return;
      var n = x.points.length ? x.points[0].length - 1 : 0;
      for (var j = 1; j <= n; j++) lines.push({ x: x, j: j });
    });
    var lo = Infinity, hi = -Infinity;
    lines.forEach(function (l) {
      l.x.points.forEach(function (p) {
        var v = p[l.j];
        if (typeof v === "number" && p[0] >= t0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      });
    });
    if (lo === Infinity) { lo = 0; hi = 1; }
    if (c.m.kind === "counter" && lo > 0) lo = 0;
    if (hi === lo) { hi += Math.abs(hi) * 0.1 || 1; lo -= c.m.kind === "counter" ? 0 : Math.abs(lo) * 0.1; }
    var left = 48, top = 6, bottom = f.h - 16;
    axis(f, lo, hi, left);
    ctx.fillText("−" + Math.round((t1 - t0) / 1000) + " s", left, f.h - 2);
    ctx.fillText("now", f.w - 22, f.h - 2);
    function X(t) { return left + (f.w - left) * (t - t0) / (t1 - t0 || 1); }
    function Y(v) { return bottom - (bottom - top) * (v - lo) / (hi - lo); }
    lines.forEach(function (l) {
      ctx.strokeStyle = f.k[l.x.color];
      ctx.lineWidth = 1.6;
      ctx.setLineDash(l.j === 1 ? [] : l.j === 2 ? [6, 3] : [2, 3]);
      ctx.beginPath();
      var started = false;
      l.x.points.forEach(function (p) {
        var v = p[l.j];
        if (typeof v !== "number" || p[0] < t0) { started = false; return; }
        if (started) ctx.lineTo(X(p[0]), Y(v)); else ctx.moveTo(X(p[0]), Y(v));
        started = true;
      });
      if (l.x.points.length === 1 && started) ctx.arc(X(l.x.points[0][0]), Y(l.x.points[0][l.j]), 1.5, 0, 7);
      ctx.stroke();
    });
    ctx.setLineDash([]);
  }
  function histogram(c) {
    var f = frame(c), ctx = f.ctx;
    var x = c.series.get(c.pick.value) || c.series.values().next().value;
    if (!x || !x.last || !x.last.buckets) return;
    var b = x.last.buckets, counts = [], prev = 0, hi = 1;
    b.forEach(function (k) { counts.push(k.count - prev); prev = k.count; });
    counts.forEach(function (n) { hi = Math.max(hi, n); });
    var left = 48, bottom = f.h - 16, w = (f.w - left) / counts.length;
    axis(f, 0, hi, left);
    ctx.fillStyle = f.k[x.color];
    counts.forEach(function (n, i) {
      var h = (bottom - 6) * n / hi;
      ctx.fillRect(left + i * w + 1, bottom - h, Math.max(1, w - 2), h);
    });
    ctx.fillStyle = f.k.muted;
    var every = Math.ceil(counts.length / Math.max(1, Math.floor((f.w - left) / 52)));
    b.forEach(function (k, i) {
      if (i % every === 0) ctx.fillText(k.le === "+Inf" ? "+∞" : "≤" + short(k.le), left + i * w + 1, f.h - 2);
    });
  }
  function logs(lines) {
    lines.forEach(function (l) { if (l.seq > st.seq) { st.logs.push(l); st.seq = l.seq; } });
    if (st.logs.length > 500) st.logs.splice(0, st.logs.length - 500);
    $("logs").hidden = false;
    renderLogs();
  }
  function renderLogs() {
    var min = levels.indexOf($("level").value), ol = $("log-lines");
    var stick = ol.scrollTop + ol.clientHeight >= ol.scrollHeight - 4;
    var items = st.logs.filter(function (l) { return levels.indexOf(l.level) >= min; }).map(function (l) {
      var li = el("li");
      li.dataset.level = l.level;
      li.dataset.seq = String(l.seq);
      li.append(el("span", "lvl", l.level), el("span", "msg", l.line));
      return li;
    });
    ol.replaceChildren.apply(ol, items);
    if (stick) ol.scrollTop = ol.scrollHeight;
  }
  function alertItem(a) {
    var li = el("li");
    li.dataset.rule = a.rule;
    li.dataset.state = a.state;
    if (a.severity) li.append(el("span", "sev sev-" + a.severity, a.severity));
    li.append(el("strong", "", a.rule), document.createTextNode(" "), el("span", "state-" + a.state, a.state), document.createTextNode(" · " + a.condition + " · value " + fmt(a.value) + " (threshold " + fmt(a.threshold) + ")"));
    var keys = Object.keys(a.labels);
    if (keys.length) li.append(document.createTextNode(" · "), tagsEl(a.labels));
    li.append(el("span", "muted", " · " + new Date(a.time).toLocaleTimeString()));
    return li;
  }
  function fill(list, items, none) {
    list.replaceChildren.apply(list, items.length ? items.map(alertItem) : [el("li", "muted", none)]);
  }
  function alerts(a) {
    fill($("alerts-active"), a.active, "None");
    fill($("alerts-recent"), a.recent, "None yet");
  }
  function cost(rows) {
    if (!rows) return;
    $("cost").hidden = false;
    $("cost-rows").replaceChildren.apply($("cost-rows"), rows.map(function (r) {
      var tr = el("tr");
      tr.dataset.model = r.model;
      tr.dataset.cost = String(r.cost);
      tr.append(el("th", "", r.model), el("td", "num", "$" + r.cost.toFixed(4)), el("td", "num", r.responses === undefined ? "–" : fmt(r.responses)));
      tr.firstChild.setAttribute("scope", "row");
      return tr;
    }));
  }
  function stamp(how) { status(how + " · updated " + new Date(st.time).toLocaleTimeString()); }
  function poll() {
    fetch(url("api/snapshot", { history: "0", logsAfter: String(st.seq) })).then(function (r) {
      if (r.status === 401) throw new Error("Unauthorized: open the page with ?token=…");
      return r.json();
    }).then(function (s) {
      if (!st.paused) apply(s, false);
      else if (s.logs) logs(s.logs); // paused charts; the log lines keep coming
      stamp("Polling");
      setTimeout(poll, st.interval);
    }).catch(function (e) {
      status(String(e.message || e));
      setTimeout(poll, 5000);
    });
  }
  function live() {
    if (!window.EventSource) return poll();
    var es = new EventSource(url("api/events", { logsAfter: String(st.seq) }));
    es.addEventListener("snapshot", function (e) {
      var snap = JSON.parse(e.data);
      if (st.paused) { if (snap.logs) logs(snap.logs); return; } // the server moved past them
      apply(snap, false);
      stamp("Live");
    });
    es.onerror = function () {
      if (es.readyState === 2) { es.close(); poll(); } else status("Reconnecting…");
    };
  }
  function redraw() { st.cards.forEach(draw); }
  $("level").addEventListener("change", renderLogs);
  $("pause").addEventListener("click", function () {
    st.paused = !st.paused;
    this.setAttribute("aria-pressed", String(st.paused));
    this.textContent = st.paused ? "Resume" : "Pause";
    if (!st.paused) redraw();
  });
  window.addEventListener("resize", redraw);
  if (window.matchMedia) window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redraw);
  fetch(url("api/snapshot")).then(function (r) {
    if (r.status === 401) throw new Error("Unauthorized: open the page with ?token=…");
    return r.json();
  }).then(function (s) {
    apply(s, true);
    stamp("Loaded");
    live();
  }).catch(function (e) { status(String(e.message || e)); });
})();
`;
