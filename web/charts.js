// Hand-drawn SVG charts for the dashboard (no library: see docs/web.md, "Dashboard"). Each function
// returns an <svg> sized by its viewBox (it scales with its container); every mark carries a <title>
// (the browser's tooltip, and what a screen reader reads) and a data-testid for the tests.

const NS = "http://www.w3.org/2000/svg";

/** `s("rect", {x: 1}, child…)`: an SVG element; strings become text nodes, never markup. */
export function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const tip = (text) => s("title", {}, text);

/** A "nice" upper bound for an axis (1, 2, 2.5 or 5 × a power of ten) and its tick step. */
export function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((m) => m >= raw);
  return { top: Math.ceil(max / step) * step, step };
}

const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/**
 * Lines with a point per x: `series` = [{key, label, color, values: [number]}], `labels` the x labels.
 * Points: data-testid="<testid>-point", data-series, data-index, data-value.
 */
export function lineChart({ labels, series, testid, unit = "" }) {
  const W = 560, H = 232, L = 36, R = 12, T = 14, B = 44;
  const max = Math.max(0, ...series.flatMap((x) => x.values));
  const { top, step } = niceScale(max);
  const n = labels.length;
  const x = (i) => L + (n <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const every = Math.ceil(n / 8); // at most ~8 x labels
  const grid = [];
  for (let v = 0; v <= top + 1e-9; v += step) {
    grid.push(s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }),
      s("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, fmt(v)));
  }
  return s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "data-testid": testid,
    "aria-label": series.map((x) => x.label).join(" and ") },
  grid,
  labels.map((label, i) => (i % every === 0 || i === n - 1
    ? s("text", { x: x(i), y: H - B + 16, "text-anchor": "middle", class: "tick" }, label) : null)),
  series.map((line) => s("g", { class: "series", "data-series": line.key },
    s("polyline", { points: line.values.map((v, i) => `${x(i)},${y(v)}`).join(" "), fill: "none",
      stroke: line.color, "stroke-width": 2.5, "stroke-linejoin": "round" }),
    line.values.map((v, i) => s("circle", { cx: x(i), cy: y(v), r: 4, fill: line.color,
      "data-testid": `${testid}-point`, "data-series": line.key, "data-index": i, "data-value": v },
    tip(`${labels[i]}: ${v}${unit} ${line.label.toLowerCase()}`))))),
  s("g", { class: "legend" }, series.map((line, i) => s("g", {},
    s("rect", { x: L + i * 120, y: H - 12, width: 10, height: 10, rx: 2, fill: line.color }),
    s("text", { x: L + 14 + i * 120, y: H - 3, class: "tick" }, line.label)))));
}

/**
 * Horizontal bars, one row each: rows = [{id, label, value, href, highlight, title}]. With `median`,
 * a dashed vertical line at it. Bars: data-testid="<testid>-bar" (an <a> when the row has an href).
 */
export function barChart({ rows, testid, unit = "", median = null, medianLabel = "median" }) {
  const W = 560, L = 130, R = 56, T = median === null ? 6 : 20, ROW = 28, BAR = 18;
  const H = T + rows.length * ROW + 6;
  const max = Math.max(0, median ?? 0, ...rows.map((r) => r.value));
  const top = niceScale(max).top;
  const x = (v) => L + ((W - L - R) * v) / top;
  const marks = rows.map((r, i) => {
    const yy = T + i * ROW;
    const parts = [
      tip(r.title || `${r.label}: ${fmt(r.value)}${unit}`),
      s("text", { x: L - 8, y: yy + BAR / 2 + 5, "text-anchor": "end", class: "label" }, r.label),
      s("rect", { x: L, y: yy, width: Math.max(2, x(r.value) - L), height: BAR, rx: 3,
        class: r.highlight ? "bar hot" : "bar" }),
      s("text", { x: x(r.value) + 6, y: yy + BAR / 2 + 5, class: "value" }, `${fmt(r.value)}${unit}`),
    ];
    const attrs = { "data-testid": `${testid}-bar`, "data-id": r.id, "data-value": r.value,
      "data-highlight": r.highlight ? "true" : null, class: "bar-row" };
    return r.href ? s("a", { ...attrs, href: r.href, "aria-label": r.title || r.label }, parts) : s("g", attrs, parts);
  });
  return s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", "data-testid": testid },
    marks,
    median === null ? null : s("g", { "data-testid": `${testid}-median`, "data-value": median },
      tip(`${medianLabel}: ${fmt(median)}${unit}`),
      s("line", { x1: x(median), x2: x(median), y1: T - 6, y2: H - 2, class: "median" }),
      s("text", { x: x(median), y: T - 9, "text-anchor": "middle", class: "tick" }, `${medianLabel} ${fmt(median)}${unit}`)));
}

/** Pairs of bars per row (e.g. p50 and p95 per stage): rows = [{label, a, b}], a drawn over b. */
export function pairChart({ rows, testid, labels = ["p50", "p95"], unit = "" }) {
  const W = 560, L = 190, R = 64, T = 6, ROW = 34, BAR = 12;
  const H = T + rows.length * ROW + 22;
  const top = niceScale(Math.max(0, ...rows.flatMap((r) => [r.a ?? 0, r.b ?? 0]))).top;
  const x = (v) => L + ((W - L - R) * (v ?? 0)) / top;
  return s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", "data-testid": testid },
    rows.map((r, i) => {
      const yy = T + i * ROW;
      return s("g", { "data-testid": `${testid}-row`, "data-label": r.label },
        s("text", { x: L - 8, y: yy + BAR + 4, "text-anchor": "end", class: "label" }, r.label),
        [[r.a, labels[0], "bar"], [r.b, labels[1], "bar soft"]].map(([v, name, cls], k) => s("g", {
          "data-testid": `${testid}-bar`, "data-kind": name, "data-value": v ?? "" },
        tip(`${r.label} ${name}: ${v === null || v === undefined ? "—" : fmt(v) + unit}`),
        s("rect", { x: L, y: yy + k * (BAR + 2), width: Math.max(1, x(v) - L), height: BAR, rx: 2, class: cls }),
        s("text", { x: x(v) + 5, y: yy + k * (BAR + 2) + BAR - 2, class: "value" },
          v === null || v === undefined ? "—" : `${name} ${fmt(Math.round(v))}${unit}`))));
    }),
    s("g", { class: "legend" }, labels.map((name, k) => s("g", {},
      s("rect", { x: L + k * 80, y: H - 12, width: 10, height: 10, rx: 2, class: k ? "bar soft" : "bar" }),
      s("text", { x: L + 14 + k * 80, y: H - 3, class: "tick" }, name)))));
}
