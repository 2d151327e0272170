// Small SVG charts drawn by hand: no library, nothing fetched.
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";

  function node(name, attrs, text) {
    const el = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function empty(container, message) {
    container.replaceChildren();
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = message || "No data yet.";
    container.append(p);
  }

  // Horizontal bars, one per row: rows are {label, value}; format turns a value into text.
  function bars(container, rows, format) {
    if (!rows.length) return empty(container);
    const rowHeight = 26, labelWidth = 170, valueWidth = 110, width = 640;
    const plot = width - labelWidth - valueWidth;
    const max = Math.max(...rows.map(r => r.value), 0) || 1;
    const svg = node("svg", { viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, role: "img" });
    rows.forEach((r, i) => {
      const y = i * rowHeight + 2;
      const w = Math.max(1, (r.value / max) * plot);
      svg.append(node("text", { x: labelWidth - 8, y: y + 16, "text-anchor": "end" }, r.label));
      const bar = node("rect", { class: "bar", x: labelWidth, y: y + 3, width: w, height: rowHeight - 8, rx: 3 });
      bar.append(node("title", {}, `${r.label}: ${format(r.value)}`));
      svg.append(bar);
      svg.append(node("text", { x: labelWidth + w + 6, y: y + 16 }, format(r.value)));
    });
    container.replaceChildren(svg);
  }

  // Vertical columns over time: rows are {label, value} in order.
  function columns(container, rows, format) {
    if (!rows.length) return empty(container);
    const width = 640, height = 220, left = 8, bottom = 36, top = 20;
    const plotHeight = height - bottom - top;
    const slot = (width - left * 2) / rows.length;
    const max = Math.max(...rows.map(r => r.value), 0) || 1;
    const svg = node("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
    svg.append(node("line", { class: "axis", x1: left, x2: width - left, y1: height - bottom, y2: height - bottom }));
    rows.forEach((r, i) => {
      const h = Math.max(1, (r.value / max) * plotHeight);
      const x = left + i * slot + slot * 0.15;
      const bar = node("rect", { class: "bar", x, y: height - bottom - h, width: slot * 0.7, height: h, rx: 2 });
      bar.append(node("title", {}, `${r.label}: ${format(r.value)}`));
      svg.append(bar);
      if (rows.length <= 16 || i % Math.ceil(rows.length / 16) === 0) {
        svg.append(node("text", { x: x + slot * 0.35, y: height - bottom + 14, "text-anchor": "middle" }, r.label.slice(5)));
      }
      if (rows.length <= 10) {
        svg.append(node("text", { x: x + slot * 0.35, y: height - bottom - h - 4, "text-anchor": "middle" }, format(r.value)));
      }
    });
    container.replaceChildren(svg);
  }

  return { bars, columns, empty };
})();
