
// The page's own script: the overview (a strip of the whole selection with a window, and
// lanes for the window), the filters and deep links. Store text reaches the document only
// through textContent. Days are proleptic Gregorian ordinals, as Python's date.toordinal.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const match = textmatch(data.rules);
  const SVG = "http://www.w3.org/2000/svg";
  const EPOCH = 719163; // date(1970, 1, 1).toordinal()
  const DAY_MS = 86400000;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const $ = (id) => document.getElementById(id);
  const items = data.events.map((e) => Object.assign(e, { el: $("event-" + e.id), on: true }));
  const byId = new Map(items.map((it) => [it.id, it]));
  const search = $("search"), count = $("count");
  const chips = Array.from(document.querySelectorAll(".chip"));
  const hidden = { category: new Set(), country: new Set() };
  let lanesBy = "category";

  // --- days -------------------------------------------------------------------------------
  const ymd = (n) => { const d = new Date((n - EPOCH) * DAY_MS); return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]; };
  const dayOf = (y, m, d) => { const t = new Date(0); t.setUTCFullYear(y, m, d); return Math.round(t.getTime() / DAY_MS) + EPOCH; };
  const yearOf = (n) => ymd(n)[0];

  const all = data.range ? [data.range[0], data.range[1] + 1] : [0, 1];
  const minWidth = Math.min(7, all[1] - all[0]);
  const view = [all[0], all[1]];

  function setView(a, b) {
    let w = Math.max(minWidth, Math.min(b - a, all[1] - all[0]));
    a = Math.max(all[0], Math.min(a, all[1] - w));
    view[0] = Math.round(a); view[1] = Math.round(a + w);
    apply();
  }
  const zoom = (factor, at) => {
    const c = at === undefined ? (view[0] + view[1]) / 2 : at;
    setView(c - (c - view[0]) * factor, c + (view[1] - c) * factor);
  };
  const pan = (fraction) => { const w = view[1] - view[0]; setView(view[0] + w * fraction, view[1] + w * fraction); };

  // --- filters ----------------------------------------------------------------------------
  function passes(it, wanted) {
    if (hidden.category.has(it.category)) return false;
    if (it.c.length && it.c.every((c) => hidden.country.has(c))) return false;
    return match.contains(it.words, wanted);
  }
  const inView = (it) => it.s < view[1] && it.e + 1 > view[0];

  function apply() {
    const wanted = match.terms(search.value);
    let shown = 0;
    for (const it of items) {
      it.on = passes(it, wanted);
      const ok = it.on && inView(it);
      if (it.el.hidden === ok) it.el.hidden = !ok;
      if (ok) shown += 1;
    }
    for (const year of document.querySelectorAll(".year")) {
      year.hidden = !year.querySelector(".event:not([hidden])");
    }
    count.textContent = "Showing " + shown + " of " + items.length + " events";
    draw();
  }

  // --- drawing ----------------------------------------------------------------------------
  const el = (name, attrs, parent) => {
    const node = document.createElementNS(SVG, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  };
  const text = (str, attrs, parent) => { const t = el("text", attrs, parent); t.textContent = str; return t; };

  function ticks(a, b, width) {
    const days = b - a, most = Math.max(2, Math.floor(width / 64)), out = [];
    if (days > 3 * 366) {
      const years = days / 365.2425;
      const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000].find((s) => years / s <= most) || 5000;
      for (let y = Math.ceil(yearOf(a) / step) * step; ; y += step) {
        const n = dayOf(y, 0, 1); if (n > b) break; if (n >= a) out.push([n, String(y)]);
      }
    } else if (days > 62) {
      const months = days / 30.44;
      const step = [1, 2, 3, 6, 12].find((s) => months / s <= most) || 12;
      let [y, m] = ymd(a);
      m = Math.ceil(m / step) * step;
      for (;;) {
        if (m > 11) { y += 1; m -= 12; }
        const n = dayOf(y, m, 1); if (n > b) break;
        if (n >= a) out.push([n, m === 0 || !out.length ? MONTHS[m] + " " + y : MONTHS[m]]);
        m += step;
      }
    } else {
      const step = [1, 2, 5, 7, 14, 31].find((s) => days / s <= most) || 31;
      for (let n = Math.ceil(a); n <= b; n += step) {
        const [y, m, d] = ymd(n); out.push([n, d + " " + MONTHS[m] + (out.length ? "" : " " + y)]);
      }
    }
    return out;
  }

  function density(svg, a, b, width, y, h, cls) {
    const bins = Math.max(10, Math.floor(width / 6)), size = (b - a) / bins, sums = new Float64Array(bins);
    for (const it of items) {
      if (!it.on || it.s >= b || it.e + 1 <= a) continue;
      const s = Math.max(it.s, a), e = Math.min(it.e + 1, b), per = 1 / (it.e + 1 - it.s);
      for (let i = Math.floor((s - a) / size); i < bins && a + i * size < e; i++) {
        const lo = Math.max(s, a + i * size), hi = Math.min(e, a + (i + 1) * size);
        if (hi > lo) sums[i] += (hi - lo) * per;
      }
    }
    const top = Math.max(...sums) || 1, g = el("g", { class: cls }, svg);
    sums.forEach((v, i) => {
      if (v > 0) {
        const bh = Math.max(1, (h * v) / top);
        el("rect", { x: (i * width) / bins, y: y + h - bh, width: Math.max(1, width / bins - 1), height: bh }, g);
      }
    });
  }

  function axis(svg, a, b, width, y, h) {
    const g = el("g", { class: "axis" }, svg), x = (n) => ((n - a) / (b - a)) * width;
    for (const [n, label] of ticks(a, b, width)) {
      el("line", { class: "gridline", x1: x(n), x2: x(n), y1: y, y2: y + h }, g);
      if (x(n) + 3 + label.length * 6.5 <= width) text(label, { x: x(n) + 3, y: y + 11 }, g);
    }
  }

  const strip = $("strip"), lanesBox = $("lanes"), tip = document.createElement("div");
  function drawStrip(width) {
    const svg = el("svg", { width, height: 46, role: "presentation" });
    axis(svg, all[0], all[1], width, 0, 46);
    density(svg, all[0], all[1], width, 14, 30, "density");
    const x = (n) => ((n - all[0]) / (all[1] - all[0])) * width;
    el("rect", { class: "window", x: x(view[0]), y: 1, width: Math.max(3, x(view[1]) - x(view[0])), height: 44 }, svg);
    strip.replaceChildren(svg);
    const label = yearOf(view[0]) + (yearOf(view[1] - 1) !== yearOf(view[0]) ? " to " + yearOf(view[1] - 1) : "");
    strip.setAttribute("aria-valuetext", "Years shown: " + label);
    strip.setAttribute("aria-valuemin", yearOf(all[0]));
    strip.setAttribute("aria-valuemax", yearOf(all[1] - 1));
    strip.setAttribute("aria-valuenow", yearOf(view[0]));
    $("from").value = yearOf(view[0]); $("to").value = yearOf(view[1] - 1);
    $("shown-years").textContent = label.replace(" to ", "–");
  }

  function laneList() {
    const lanes = data.lanes[lanesBy].slice();
    if (lanesBy === "country" && items.some((it) => !it.c.length)) lanes.push({ key: "", label: "no country" });
    return lanes;
  }

  function groupRows(a, b) {
    const spans = new Map();
    for (const it of items) {
      if (!it.g || !it.on || it.s >= b || it.e + 1 <= a) continue;
      const g = spans.get(it.g) || { key: it.g, s: it.s, e: it.e + 1, members: [] };
      g.s = Math.min(g.s, it.s); g.e = Math.max(g.e, it.e + 1); g.members.push(it);
      spans.set(it.g, g);
    }
    const rows = [];
    for (const g of Array.from(spans.values()).sort((p, q) => p.s - q.s)) {
      const row = rows.find((r) => r.end <= g.s) || (rows.push({ end: -Infinity, groups: [] }), rows[rows.length - 1]);
      row.groups.push(g); row.end = g.e;
    }
    return rows;
  }

  function drawLanes(width) {
    const [a, b] = view, x = (n) => ((n - a) / (b - a)) * width;
    const lanes = laneList(), rows = groupRows(a, b), LANE = 19;
    let y = 0;
    const svg = el("svg", { width });
    axis(svg, a, b, width, 0, 0);
    y = 14;
    density(svg, a, b, width, y, 22, "density");
    y += 26;
    for (const row of data.bands) {
      // The row's label sits at the left; a holder's name is written where it fits after it.
      const free = row.label.length * 6 + 12;
      row.terms.forEach((t, i) => {
        if (t.e < a || t.s >= b) return;
        const x0 = Math.max(0, x(t.s)), x1 = Math.min(width, x(t.e + 1)), at = Math.max(x0 + 3, free);
        const r = el("rect", { class: "band" + (i % 2 ? " alt" : ""), x: x0, y, width: Math.max(1, x1 - x0), height: 14 }, svg);
        r.dataset.tip = t.name + ", " + t.title + " (" + t.when + ")";
        if (x1 - at > t.name.length * 6.2 + 3) text(t.name, { x: at, y: y + 11, class: "holder" }, svg).dataset.tip = r.dataset.tip;
      });
      text(row.label, { x: 3, y: y + 11, class: "rowlabel", "paint-order": "stroke", stroke: "#fff", "stroke-width": 3 }, svg).dataset.tip = row.label;
      y += 16;
    }
    for (const row of rows) {
      for (const g of row.groups) {
        const x0 = Math.max(0, x(g.s)), x1 = Math.min(width, x(g.e));
        const line = el("line", { class: "group", x1: x0, x2: Math.max(x0 + 1, x1), y1: y + 7, y2: y + 7 }, svg);
        line.dataset.tip = data.groups[g.key] || g.key;
        for (const it of g.members) el("circle", { class: "group-member", cx: x(it.s), cy: y + 7, r: 2.5, fill: "#5f6368" }, svg);
        const label = data.groups[g.key] || g.key;
        if (x1 - x0 > label.length * 6.2 + 6) text(label, { x: x0 + 3, y: y + 5 }, svg);
      }
      y += 16;
    }
    const top = y;
    lanes.forEach((lane, i) => {
      el("rect", { class: "lane-bg", x: 0, y: top + i * LANE + 1, width, height: LANE - 2 }, svg);
    });
    const chosen = data.bands[behind.value];
    if (chosen) { // the terms of one row drawn across the lanes, their ends marked
      chosen.terms.forEach((t, i) => {
        if (t.e < a || t.s >= b) return;
        const x0 = Math.max(0, x(t.s)), x1 = Math.min(width, x(t.e + 1));
        el("rect", { class: "behind" + (i % 2 ? " alt" : ""), x: x0, y: top, width: Math.max(1, x1 - x0), height: lanes.length * LANE }, svg);
      });
    }
    const index = new Map(lanes.map((l, i) => [l.key, i]));
    const colour = new Map(data.lanes.category.map((l) => [l.key, l.colour]));
    items.forEach((it, n) => {
      if (!it.on || it.s >= b || it.e + 1 <= a) return;
      const keys = lanesBy === "category" ? [it.category] : it.c.length ? it.c : [""];
      for (const key of keys) mark(svg, it, n, top + index.get(key) * LANE, x, colour.get(it.category) || "#767676");
    });
    lanes.forEach((lane, i) => {
      text(lane.label, { x: 3, y: top + i * LANE + 13, class: "lanelabel", "paint-order": "stroke", stroke: "#fff", "stroke-width": 3 }, svg);
    });
    svg.setAttribute("height", top + lanes.length * LANE + 2);
    lanesBox.replaceChildren(svg);
  }

  function mark(svg, it, n, y, x, c) {
    const x0 = x(it.s), x1 = x(it.e + 1), mid = y + 9.5;
    let node;
    const cls = ["m", it.k === "span" ? "span" : it.k === "day" ? "day" : "vague"];
    if (it.a || it.u) cls.push("approx");
    if (it.st === "planned" || it.st === "announced") cls.push("planned");
    if (it.st === "cancelled") cls.push("cancelled");
    if (it.k === "day") {
      node = el("circle", { cx: (x0 + x1) / 2, cy: mid, r: 4.5 }, svg);
    } else {
      const h = it.k === "span" ? 8 : 12;
      node = el("rect", { x: x0, y: mid - h / 2, width: Math.max(3, x1 - x0), height: h }, svg);
    }
    node.setAttribute("class", cls.join(" "));
    node.setAttribute("fill", c); node.setAttribute("stroke", c);
    node.dataset.i = n;
    if (it.st === "cancelled") {
      const cx = it.k === "day" ? (x0 + x1) / 2 : x0 + Math.max(3, x1 - x0) / 2;
      el("line", { class: "cross", x1: cx - 4, x2: cx + 4, y1: mid - 4, y2: mid + 4, stroke: c }, svg).dataset.i = n;
    }
    if (it.d) {
      const fx = it.k === "day" ? (x0 + x1) / 2 : Math.max(x0, 0) + 2;
      el("path", { class: "flag", d: `M${fx} ${y + 1}l5 2.5l-5 2.5z` }, svg).dataset.i = n;
    }
  }

  function draw() {
    if (!data.range) return;
    const width = Math.max(200, strip.clientWidth || 600);
    drawStrip(width);
    drawLanes(width);
  }

  // --- pointer, wheel and keys ------------------------------------------------------------
  function gestures(box, domain, click) {
    const pointers = new Map();
    let anchor = null, pinch = null, preview = null;
    const dayAt = (clientX) => {
      const r = box.getBoundingClientRect(), [a, b] = domain();
      return a + ((clientX - r.left) / Math.max(1, r.width)) * (b - a);
    };
    box.addEventListener("pointerdown", (e) => {
      pointers.set(e.pointerId, e.clientX);
      try { box.setPointerCapture(e.pointerId); } catch (err) { /* a pointer already gone */ }
      if (pointers.size === 2) {
        const xs = Array.from(pointers.values());
        pinch = { d: Math.abs(xs[0] - xs[1]) || 1, view: view.slice(), mid: dayAt((xs[0] + xs[1]) / 2) };
        anchor = null;
      } else if (pointers.size === 1) anchor = { x: e.clientX, day: dayAt(e.clientX), target: e.target };
    });
    box.addEventListener("pointermove", (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, e.clientX);
      if (pinch && pointers.size === 2) {
        const xs = Array.from(pointers.values()), f = pinch.d / (Math.abs(xs[0] - xs[1]) || 1);
        const w = (pinch.view[1] - pinch.view[0]) * f;
        setView(pinch.mid - w / 2, pinch.mid + w / 2);
      } else if (anchor && Math.abs(e.clientX - anchor.x) > 4) {
        const r = box.getBoundingClientRect(), x0 = Math.min(anchor.x, e.clientX) - r.left;
        preview = preview || box.appendChild(document.createElement("div"));
        preview.className = "brush";
        preview.style.cssText = `position:absolute;top:0;bottom:0;left:${x0}px;width:${Math.abs(e.clientX - anchor.x)}px;background:rgba(26,95,180,.18);border:1px solid #1a5fb4;pointer-events:none`;
      }
    });
    const end = (e) => {
      if (!pointers.delete(e.pointerId)) return;
      if (pinch) { if (pointers.size < 2) pinch = null; return; }
      if (!anchor) return;
      const moved = Math.abs(e.clientX - anchor.x) > 4, day = dayAt(e.clientX), start = anchor;
      anchor = null;
      if (preview) { preview.remove(); preview = null; }
      if (e.type === "pointercancel") return;
      if (moved) setView(Math.min(start.day, day), Math.max(start.day, day));
      else click(start);
    };
    box.addEventListener("pointerup", end);
    box.addEventListener("pointercancel", end);
    box.addEventListener("wheel", (e) => {
      if (box === lanesBox && !e.ctrlKey && !e.shiftKey) return; // the lanes scroll; ctrl or shift zooms
      e.preventDefault();
      if (e.shiftKey && !e.ctrlKey) pan(Math.sign(e.deltaY || e.deltaX) * 0.1);
      else zoom(e.deltaY > 0 ? 1.25 : 0.8, dayAt(e.clientX));
    }, { passive: false });
  }
  strip.style.position = lanesBox.style.position = "relative";
  gestures(strip, () => all, (start) => { const w = view[1] - view[0]; setView(start.day - w / 2, start.day + w / 2); });
  gestures(lanesBox, () => view, (start) => {
    const i = start.target && start.target.dataset ? start.target.dataset.i : undefined;
    if (i !== undefined) reveal(items[Number(i)], start.target.classList.contains("flag"));
  });
  strip.addEventListener("keydown", (e) => {
    const keys = {
      ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), PageUp: () => pan(-1), PageDown: () => pan(1),
      ArrowUp: () => zoom(0.5), ArrowDown: () => zoom(2), "+": () => zoom(0.5), "=": () => zoom(0.5),
      "-": () => zoom(2), "0": () => setView(all[0], all[1]), Home: () => setView(all[0], all[1]),
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  lanesBox.addEventListener("mouseover", (e) => {
    const t = e.target, i = t.dataset ? t.dataset.i : undefined;
    const say = i !== undefined ? items[Number(i)].el.querySelector(".when").textContent + ": " + items[Number(i)].el.querySelector(".title").textContent : t.dataset && t.dataset.tip;
    if (!say) { tip.hidden = true; return; }
    tip.textContent = say; tip.hidden = false;
    tip.style.left = Math.max(0, Math.min(e.clientX + 8, window.innerWidth - 240)) + "px";
    tip.style.top = (e.clientY + 14) + "px";
  });
  lanesBox.addEventListener("mouseleave", () => { tip.hidden = true; });
  tip.className = "tip"; tip.hidden = true; tip.setAttribute("role", "tooltip");

  $("years").addEventListener("submit", (e) => {
    e.preventDefault();
    const a = parseInt($("from").value, 10), b = parseInt($("to").value, 10);
    if (a >= 1 && b >= a && b <= 9999) setView(dayOf(a, 0, 1), dayOf(b + 1, 0, 1));
  });
  $("all").addEventListener("click", () => setView(all[0], all[1]));
  const behind = $("behind");
  data.bands.forEach((row, i) => {
    const option = document.createElement("option");
    option.value = String(i); option.textContent = row.label;
    behind.appendChild(option);
  });
  const heads = data.bands.findIndex((row) => row.label.endsWith(": head of state"));
  if (data.bands.length) behind.value = String(Math.max(0, heads)); else behind.parentElement.hidden = true;
  behind.addEventListener("change", draw);
  for (const radio of document.querySelectorAll('input[name="lanes"]')) {
    radio.addEventListener("change", () => { lanesBy = radio.value; draw(); });
  }

  // --- chips, search, deep links ----------------------------------------------------------
  for (const chip of chips) {
    chip.addEventListener("click", () => {
      const kind = chip.dataset.category !== undefined ? "category" : "country";
      const key = chip.dataset[kind], off = !hidden[kind].has(key);
      if (off) hidden[kind].add(key); else hidden[kind].delete(key);
      chip.setAttribute("aria-pressed", String(!off));
      apply();
    });
  }
  search.hidden = false;
  search.addEventListener("input", apply);

  let lit = null;
  function reveal(it, openNote) {
    if (!it) return;
    if (it.el.hidden) { // show it: nothing the reader chose may hide the event asked for
      if (!it.on) {
        search.value = ""; hidden.category.clear(); hidden.country.clear();
        for (const chip of chips) chip.setAttribute("aria-pressed", "true");
      }
      if (!inView(it)) { view[0] = all[0]; view[1] = all[1]; }
      apply();
    }
    if (lit) lit.classList.remove("highlight");
    lit = it.el; lit.classList.add("highlight");
    const note = it.el.querySelector("details.dispute");
    if (openNote && note) note.open = true;
    // Below the overview, which stays at the top of the window while the list scrolls.
    const over = $("overview"), sticky = getComputedStyle(over).position === "sticky";
    it.el.style.scrollMarginTop = (sticky ? over.offsetHeight + 8 : 8) + "px";
    it.el.scrollIntoView({ block: "start" });
    // Years off screen are laid out only once near it (content-visibility), which can move
    // the event: look again when they have been.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (lit === it.el && Math.abs(it.el.getBoundingClientRect().top - parseFloat(it.el.style.scrollMarginTop)) > 2) {
        it.el.scrollIntoView({ block: "start" });
      }
    }));
    it.el.focus({ preventScroll: true });
    if (location.hash.slice(1) !== it.id) history.replaceState(null, "", "#" + it.id);
  }
  const fromHash = () => {
    let id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (err) { return; }
    if (byId.has(id)) reveal(byId.get(id), false);
  };
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details.dispute")) d.open = true;
  });
  window.addEventListener("resize", draw);

  if (data.range) {
    $("overview").hidden = false;
    document.body.appendChild(tip);
  }
  apply();
  fromHash();
  performance.mark("timeline-ready");
})();
