// The dataset page's enhancements: copy buttons, and the column charts and the map, which load their libraries
// (ECharts, Leaflet) only when the reader opens them. Everything user-supplied goes in as text, never as HTML.
(() => {
  "use strict";

  for (const button of document.querySelectorAll("button.copy")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const code = button.closest("figure").querySelector("code").textContent;
      await navigator.clipboard.writeText(code);
      const label = button.textContent;
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }

  const loaded = new Map();
  const loadScript = (src) => {
    if (!loaded.has(src)) {
      loaded.set(src, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      }));
    }
    return loaded.get(src);
  };
  const loadStyle = (href) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  };
  const getJson = async (url) => {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return { ok: response.ok, status: response.status, body };
  };
  const say = (box, text) => {
    const p = document.createElement("p");
    p.className = "notice";
    p.textContent = text;
    box.replaceChildren(p);
  };
  const explain = (box, answer) => {
    const type = answer.body && answer.body.type;
    if (type && type.endsWith(":no-data")) say(box, box.dataset.nodata);
    else if (answer.status === 404 && (!type || type === "urn:agora:problem:not-found")) say(box, box.dataset.unavailable);
    else say(box, (answer.body && (answer.body.detail || answer.body.title)) || String(answer.status));
  };
  const quote = (name) => "`" + name.replaceAll("`", "``") + "`";

  const charts = document.getElementById("charts");
  charts?.addEventListener("toggle", async () => {
    if (!charts.open || charts.dataset.started) return;
    charts.dataset.started = "1";
    const grid = charts.querySelector(".chart-grid");
    const profile = await getJson(charts.dataset.profile);
    if (!profile.ok) { explain(grid, profile); return; }
    await loadScript(charts.dataset.script);
    grid.replaceChildren();
    for (const column of profile.body.columns || []) {
      const histogram = column.histogram && column.histogram.length > 0;
      const bars = histogram
        ? column.histogram.map((b) => [`${+b.from.toPrecision(4)}–${+b.to.toPrecision(4)}`, b.count])
        : (column.topValues || []).slice(0, 10).map((v) => [v.value, v.count]);
      if (bars.length === 0) continue;
      const figure = document.createElement("figure");
      figure.className = "chart";
      const caption = document.createElement("figcaption");
      caption.textContent = `${column.name} · ${column.count - column.nulls} / ${column.count}`;
      const canvas = document.createElement("div");
      canvas.className = "chart-canvas";
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${column.name}: ` + bars.map(([k, n]) => `${k} ${n}`).join("; "));
      figure.append(caption, canvas);
      grid.append(figure);
      const chart = window.echarts.init(canvas, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { fontSize: 10 } },
        yAxis: { type: "category", inverse: true, data: bars.map(([k]) => String(k).slice(0, 24)), axisLabel: { fontSize: 11 } },
        series: [{ type: "bar", data: bars.map(([, n]) => n), itemStyle: { color: "#0b5cab" }, label: { show: true, position: "right", fontSize: 10 } }],
      });
      new ResizeObserver(() => chart.resize()).observe(canvas);
    }
  });

  const map = document.getElementById("map");
  map?.addEventListener("toggle", async () => {
    if (!map.open || map.dataset.started) return;
    map.dataset.started = "1";
    const box = map.querySelector(".map-canvas");
    const schema = await getJson(map.dataset.schema);
    if (!schema.ok) { explain(box, schema); return; }
    const names = (schema.body.columns || []).map((c) => c.name);
    const find = (candidates) => names.find((n) => candidates.includes(n.toLowerCase()));
    const lon = find(["lon", "lng", "long", "longitude", "经度", "x_coord"]);
    const lat = find(["lat", "latitude", "纬度", "y_coord"]);
    const region = names.find((n) => /region_?code|adcode|area_?code|行政区划/i.test(n));
    let rows;
    if (lon && lat) {
      rows = await getJson(`${map.dataset.rows}?$select=${encodeURIComponent(quote(lon) + "," + quote(lat))}&$limit=5000`);
    } else if (region) {
      rows = await getJson(`${map.dataset.rows}?$select=${encodeURIComponent(quote(region) + ",count(*) as n")}&$group=${encodeURIComponent(quote(region))}&$limit=5000`);
    } else {
      say(box, box.dataset.nogeo);
      return;
    }
    if (!rows.ok) { explain(box, rows); return; }
    loadStyle(map.dataset.style);
    const [, land, places] = await Promise.all([
      loadScript(map.dataset.script),
      fetch(map.dataset.geo).then((r) => r.json()),
      fetch(map.dataset.places).then((r) => r.json()),
    ]);
    const L = window.L;
    const view = L.map(box, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12, maxBounds: [[-5, 35], [66, 165]] });
    view.attributionControl.addAttribution("Natural Earth");
    L.geoJSON(land, { style: { color: "#8a93a0", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false }).addTo(view);
    // The box was hidden until the details opened: measure it again before fitting China into it.
    view.invalidateSize();
    view.fitBounds([[18, 73], [54, 135]]);
    const label = (text) => { const span = document.createElement("span"); span.textContent = text; return span; };
    if (lon && lat) {
      for (const row of rows.body.rows || []) {
        const x = Number(row[lon]);
        const y = Number(row[lat]);
        if (Number.isFinite(x) && Number.isFinite(y)) {
          L.circleMarker([y, x], { radius: 4, color: "#0b5cab", weight: 1, fillOpacity: 0.6 }).bindTooltip(label(`${y}, ${x}`)).addTo(view);
        }
      }
    } else {
      const counts = new Map();
      for (const row of rows.body.rows || []) {
        const code = String(row[region] ?? "").slice(0, 2);
        if (places[code]) counts.set(code, (counts.get(code) || 0) + Number(row.n || 0));
      }
      const most = Math.max(1, ...counts.values());
      for (const [code, n] of counts) {
        const [y, x, name] = places[code];
        L.circleMarker([y, x], { radius: 6 + 24 * Math.sqrt(n / most), color: "#0b5cab", weight: 1, fillOpacity: 0.5 })
          .bindTooltip(label(`${name}: ${n}`)).addTo(view);
      }
    }
  });
})();
