// adpilot dashboard preview: re-aggregates each chart's pre-aggregated rows for the page's date
// range and dropdowns, then draws it with Plotly (inlined above this script). Data: the JSON in
// <script id="dashboard-data"> written by looker_studio/preview.py.
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("dashboard-data").textContent);
  const SYMBOL = DATA.currency_symbol;
  const FONT = DATA.font_family;
  const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  // ---- numbers -------------------------------------------------------------------------------
  function fmt(value, metric) {
    if (value === null || value === undefined || !isFinite(value)) return "–";
    const d = metric.digits;
    const opts = { minimumFractionDigits: d, maximumFractionDigits: d };
    if (metric.format === "percent") return (value * 100).toLocaleString("en-US", opts) + "%";
    const body = Math.abs(value).toLocaleString("en-US", opts);
    const sign = value < 0 ? "-" : "";
    if (metric.format === "currency") return sign + SYMBOL + body;
    if (metric.format === "ratio") return sign + body + "×";
    return sign + body;
  }
  function d3format(metric) {
    return metric.format === "percent" ? "." + metric.digits + "%" : ",." + metric.digits + "f";
  }
  function axis(metric) {
    return {
      tickformat: metric.format === "percent" ? ".0%" : ",.0f",
      tickprefix: metric.format === "currency" ? SYMBOL : "",
      ticksuffix: metric.format === "ratio" ? "×" : "",
      rangemode: "tozero",
      automargin: true,
    };
  }

  // ---- dates ---------------------------------------------------------------------------------
  function addDays(iso, n) {
    const t = new Date(iso + "T00:00:00Z");
    t.setUTCDate(t.getUTCDate() + n);
    return t.toISOString().slice(0, 10);
  }
  function spanDays(start, end) {
    return Math.round((Date.parse(end) - Date.parse(start)) / 86400000) + 1;
  }

  // ---- aggregation ---------------------------------------------------------------------------
  function newAcc(chart) {
    return chart.metrics.map((m) => (m.kind === "min" ? [Infinity] : m.kind === "max" ? [-Infinity] : [0, 0]));
  }
  function addRow(acc, chart, row) {
    chart.metrics.forEach((m, i) => {
      const p = chart.parts[i].map((k) => row[k]);
      const a = acc[i];
      if (m.kind === "min") { if (p[0] !== null) a[0] = Math.min(a[0], p[0]); }
      else if (m.kind === "max") { if (p[0] !== null) a[0] = Math.max(a[0], p[0]); }
      else { a[0] += p[0] || 0; if (p.length > 1) a[1] += p[1] || 0; a.seen = a.seen || p[0] !== null; }
    });
  }
  function values(acc, chart) {
    return chart.metrics.map((m, i) => {
      const a = acc[i];
      if (m.kind === "min" || m.kind === "max") return isFinite(a[0]) ? a[0] : null;
      if (m.kind === "sum") return a.seen ? a[0] : null;
      return a[1] ? a[0] / a[1] : null; // avg and ratio
    });
  }
  function selectRows(chart, state, start, end) {
    return chart.rows.filter((r) => {
      if (r[0] < start || r[0] > end) return false;
      for (const [field, value] of Object.entries(state.filters)) {
        if (value === "" || !(field in chart.filters)) continue;
        if (r[chart.filters[field]] !== value) return false;
      }
      return true;
    });
  }
  // Groups rows by the given row indexes: [{key: [...], values: [...]}], unsorted.
  function groupBy(chart, rows, idx) {
    const groups = new Map();
    for (const r of rows) {
      const key = idx.map((k) => r[k]);
      const id = JSON.stringify(key);
      if (!groups.has(id)) groups.set(id, { key: key, acc: newAcc(chart) });
      addRow(groups.get(id).acc, chart, r);
    }
    return [...groups.values()].map((g) => ({ key: g.key, values: values(g.acc, chart) }));
  }
  function sortAndLimit(chart, groups) {
    const s = chart.sort_index;
    groups.sort((a, b) => (b.values[s] ?? -Infinity) - (a.values[s] ?? -Infinity));
    return chart.limit ? groups.slice(0, chart.limit) : groups;
  }

  // ---- charts --------------------------------------------------------------------------------
  function baseLayout(chart, extra) {
    return Object.assign({
      font: { family: FONT, size: 12, color: "#1f2933" },
      margin: { l: 10, r: 10, t: 10, b: 10 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      showlegend: true,
      legend: { orientation: "h", y: -0.15 },
      separators: ".,",
    }, extra);
  }
  function empty(chart) {
    return baseLayout(chart, {
      xaxis: { visible: false }, yaxis: { visible: false },
      annotations: [{ text: "No data in the selected range", showarrow: false, font: { size: 14 } }],
    });
  }

  function scorecard(chart, state) {
    const m = chart.metrics[0];
    const cur = groupBy(chart, selectRows(chart, state, state.start, state.end), [])[0];
    const n = spanDays(state.start, state.end);
    const prev = groupBy(chart, selectRows(chart, state, addDays(state.start, -n), addDays(state.start, -1)), [])[0];
    const value = cur ? cur.values[0] : null;
    const reference = prev ? prev.values[0] : null;
    const trace = {
      type: "indicator",
      mode: reference === null || value === null ? "number" : "number+delta",
      value: value === null ? undefined : value,
      number: {
        valueformat: m.format === "percent" ? "." + m.digits + "%" : ",." + m.digits + "f",
        prefix: m.format === "currency" ? SYMBOL : "",
        suffix: m.format === "ratio" ? "×" : "",
        font: { size: 30 },
      },
      delta: { reference: reference === null ? undefined : reference, relative: true, valueformat: ".1%", font: { size: 13 } },
      title: { text: "vs previous " + n + " days", font: { size: 11, color: "#52606d" } },
      domain: { x: [0, 1], y: [0, 1] },
    };
    if (value === null) return { data: [], layout: empty(chart) };
    return { data: [trace], layout: baseLayout(chart, { margin: { l: 5, r: 5, t: 25, b: 5 } }) };
  }

  function timeSeries(chart, state) {
    const rows = selectRows(chart, state, state.start, state.end);
    if (!rows.length) return { data: [], layout: empty(chart) };
    const data = [];
    const m0 = chart.metrics[0];
    if (chart.breakdown_index !== null) {
      const groups = groupBy(chart, rows, [0, chart.breakdown_index]);
      const series = [...new Set(groups.map((g) => g.key[1]))].sort();
      for (const s of series) {
        const pts = groups.filter((g) => g.key[1] === s).sort((a, b) => (a.key[0] < b.key[0] ? -1 : 1));
        data.push(line(chart, s, pts.map((p) => p.key[0]), pts.map((p) => p.values[0]), m0, "y"));
      }
    } else {
      const pts = groupBy(chart, rows, [0]).sort((a, b) => (a.key[0] < b.key[0] ? -1 : 1));
      const x = pts.map((p) => p.key[0]);
      chart.metrics.forEach((m, i) => {
        const onY2 = !chart.stacked && i > 0 && m.format !== m0.format;
        data.push(line(chart, m.label, x, pts.map((p) => p.values[i]), m, onY2 ? "y2" : "y"));
      });
    }
    const layout = baseLayout(chart, { xaxis: { type: "date", automargin: true }, yaxis: axis(m0), hovermode: "x unified" });
    const y2 = data.find((t) => t.yaxis === "y2");
    if (y2) layout.yaxis2 = Object.assign(axis(y2._metric), { overlaying: "y", side: "right" });
    data.forEach((t) => delete t._metric);
    return { data: data, layout: layout };
  }
  function line(chart, name, x, y, metric, yaxis) {
    const t = { type: "scatter", mode: x.length > 1 ? "lines" : "markers", name: name, x: x, y: y, yaxis: yaxis, _metric: metric,
      hovertemplate: name + ": " + (metric.format === "currency" ? SYMBOL : "") + "%{y:" + d3format(metric) + "}" + (metric.format === "ratio" ? "×" : "") + "<extra></extra>" };
    if (chart.stacked) { t.stackgroup = "one"; if (x.length === 1) t.mode = "markers"; }
    return t;
  }

  function bar(chart, state) {
    const rows = selectRows(chart, state, state.start, state.end);
    if (!rows.length) return { data: [], layout: empty(chart) };
    const h = chart.horizontal;
    const data = [];
    let cats;
    if (chart.breakdown_index !== null) {
      const totals = sortAndLimit(chart, groupBy(chart, rows, [chart.dim_indexes[0]]));
      cats = totals.map((g) => g.key[0]);
      const groups = groupBy(chart, rows, [chart.dim_indexes[0], chart.breakdown_index]);
      for (const s of [...new Set(groups.map((g) => g.key[1]))].sort()) {
        const byCat = new Map(groups.filter((g) => g.key[1] === s).map((g) => [g.key[0], g.values[0]]));
        data.push(barTrace(s, cats, cats.map((c) => byCat.get(c) ?? null), chart.metrics[0], h));
      }
    } else {
      const groups = sortAndLimit(chart, groupBy(chart, rows, [chart.dim_indexes[0]]));
      cats = groups.map((g) => g.key[0]);
      chart.metrics.forEach((m, i) => data.push(barTrace(m.label, cats, groups.map((g) => g.values[i]), m, h)));
    }
    const valueAxis = axis(chart.metrics[0]);
    const catAxis = { type: "category", automargin: true };
    if (h) catAxis.autorange = "reversed";
    const layout = baseLayout(chart, {
      barmode: chart.stacked ? "stack" : "group",
      xaxis: h ? valueAxis : catAxis,
      yaxis: h ? catAxis : valueAxis,
      showlegend: data.length > 1,
    });
    return { data: data, layout: layout };
  }
  function barTrace(name, cats, vals, metric, h) {
    const pre = metric.format === "currency" ? SYMBOL : "";
    const suf = metric.format === "ratio" ? "×" : "";
    const v = h ? "x" : "y";
    return { type: "bar", name: name, orientation: h ? "h" : "v", x: h ? vals : cats, y: h ? cats : vals,
      hovertemplate: "%{" + (h ? "y" : "x") + "} · " + name + ": " + pre + "%{" + v + ":" + d3format(metric) + "}" + suf + "<extra></extra>" };
  }

  function pie(chart, state) {
    const rows = selectRows(chart, state, state.start, state.end);
    const groups = sortAndLimit(chart, groupBy(chart, rows, [chart.dim_indexes[0]])).filter((g) => (g.values[0] || 0) > 0);
    if (!groups.length) return { data: [], layout: empty(chart) };
    const m = chart.metrics[0];
    return {
      data: [{ type: "pie", hole: 0.45, sort: false, labels: groups.map((g) => g.key[0]), values: groups.map((g) => g.values[0]),
        texttemplate: "%{label}<br>%{percent:.1%}", textposition: "inside",
        hovertemplate: "%{label}: " + (m.format === "currency" ? SYMBOL : "") + "%{value:" + d3format(m) + "} (%{percent:.1%})<extra></extra>" }],
      layout: baseLayout(chart, {}),
    };
  }

  function table(chart, state) {
    const rows = selectRows(chart, state, state.start, state.end);
    const groups = sortAndLimit(chart, groupBy(chart, rows, chart.dim_indexes));
    if (!groups.length) return { data: [], layout: empty(chart) };
    const columns = chart.dim_indexes.map((_, i) => groups.map((g) => g.key[i]));
    chart.metrics.forEach((m, i) => columns.push(groups.map((g) => fmt(g.values[i], m))));
    const align = chart.dim_labels.map(() => "left").concat(chart.metrics.map(() => "right"));
    return {
      data: [{
        type: "table",
        columnwidth: chart.dim_labels.map(() => 2).concat(chart.metrics.map(() => 1)),
        header: { values: chart.dim_labels.concat(chart.metrics.map((m) => m.label)).map((v) => "<b>" + v + "</b>"),
          align: align, fill: { color: "#eef2f7" }, font: { family: FONT, size: 12 }, height: 28 },
        cells: { values: columns, align: align, font: { family: FONT, size: 12 }, height: 24 },
      }],
      layout: baseLayout(chart, { margin: { l: 5, r: 5, t: 5, b: 5 } }),
    };
  }

  function geo(chart, state) {
    const rows = selectRows(chart, state, state.start, state.end);
    const groups = groupBy(chart, rows, [chart.dim_indexes[0]]);
    if (!groups.length) return { data: [], layout: empty(chart) };
    return {
      data: [{ type: "choropleth", locationmode: "country names", locations: groups.map((g) => g.key[0]), z: groups.map((g) => g.values[0]) }],
      layout: baseLayout(chart, { geo: { showframe: false } }),
    };
  }

  const DRAW = { scorecard: scorecard, time_series: timeSeries, bar: bar, pie: pie, table: table, geo: geo };

  // ---- pages and controls ----------------------------------------------------------------------
  function drawPage(page, state) {
    for (const chart of page.charts) {
      if (chart.missing) continue;
      const el = document.getElementById(chart.element_id);
      const fig = DRAW[chart.type](chart, state);
      if (chart.type === "table") {  // as tall as its rows, up to the card's maximum
        const n = fig.data.length ? fig.data[0].cells.values[0].length : 0;
        el.style.height = Math.min(420, 60 + 25 * Math.max(n, 2)) + "px";
      }
      const bar = !["scorecard", "table", "pie"].includes(chart.type);
      Plotly.react(el, fig.data, fig.layout, Object.assign({}, CONFIG, { displayModeBar: bar ? "hover" : false }));
    }
  }

  function setupPage(page) {
    const section = document.getElementById(page.id);
    const state = { start: page.default_start, end: page.default_end, filters: {} };
    const startInput = section.querySelector("input[data-role=start]");
    const endInput = section.querySelector("input[data-role=end]");
    const preset = section.querySelector("select[data-role=preset]");
    function applyDates() {
      if (startInput.value && endInput.value && startInput.value <= endInput.value) {
        state.start = startInput.value;
        state.end = endInput.value;
        drawPage(page, state);
      }
    }
    if (startInput) {
      startInput.value = state.start;
      endInput.value = state.end;
      startInput.addEventListener("change", () => { preset.value = ""; applyDates(); });
      endInput.addEventListener("change", () => { preset.value = ""; applyDates(); });
      preset.addEventListener("change", () => {
        if (!preset.value) return;
        const days = Number(preset.value);
        endInput.value = page.max_date;
        startInput.value = days > 0 ? addDays(page.max_date, 1 - days) : page.min_date;
        applyDates();
      });
    }
    section.querySelectorAll("select[data-role=dropdown]").forEach((sel) => {
      state.filters[sel.dataset.field] = "";
      sel.addEventListener("change", () => { state.filters[sel.dataset.field] = sel.value; drawPage(page, state); });
    });
    drawPage(page, state);
  }

  DATA.pages.forEach(setupPage);
  document.body.dataset.rendered = "true";
})();
