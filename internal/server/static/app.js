// warta: draws the charts and the network of a page from the JSON API.
// Every element with data-chart="kind" and data-src="/api/v1/..." is drawn
// once its data arrives; when done it gets data-rendered="true" (and the
// network data-nodes / data-edges), which the browser tests wait for.
(function () {
  "use strict";

  var COOP = "#1b8a7a", CONF = "#c0392b", NEUTRAL = "#8a94a3", INK = "#1d2530";
  var QUAD = ["#5fb3a5", "#1b8a7a", "#e59866", "#c0392b"];
  var COMMUNITY = ["#1f4e79", "#b9770e", "#6c3483", "#117a65", "#a93226", "#2e86c1",
    "#7d6608", "#5d6d7e", "#ca6f1e", "#196f3d", "#76448a", "#922b21"];

  function getJSON(src) {
    return fetch(src, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) {
        return r.json().then(function (b) { throw new Error(b.error || r.statusText); });
      }
      return r.json();
    });
  }

  function done(el, extra) {
    el.dataset.rendered = "true";
    if (extra) {
      Object.keys(extra).forEach(function (k) { el.dataset[k] = String(extra[k]); });
    }
  }

  function fail(el, err) {
    el.dataset.rendered = "error";
    el.textContent = "Could not load the chart: " + err.message;
    el.classList.add("empty");
  }

  function empty(el, msg) {
    el.textContent = msg;
    el.classList.add("empty");
    done(el);
  }

  // Mixes two hex colours: t = 0 gives a, 1 gives b.
  function mix(a, b, t) {
    var pa = parseInt(a.slice(1), 16), pb = parseInt(b.slice(1), 16);
    var out = [16, 8, 0].map(function (s) {
      var x = (pa >> s) & 255, y = (pb >> s) & 255;
      return Math.round(x + (y - x) * t);
    });
    return "#" + out.map(function (v) { return v.toString(16).padStart(2, "0"); }).join("");
  }

  // netColour maps net cooperation in [-1, 1] to red, grey, teal.
  function netColour(net) {
    return net >= 0 ? mix(NEUTRAL, COOP, Math.min(net, 1)) : mix(NEUTRAL, CONF, Math.min(-net, 1));
  }

  var baseText = { fontFamily: "Source Sans 3, Segoe UI, Helvetica Neue, Arial, sans-serif", color: INK };

  function activity(el, data) {
    if (!data.items.length) { return empty(el, "No dated articles or events yet."); }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: baseText, animation: false,
      tooltip: { trigger: "axis" },
      legend: { data: ["Articles", "Events"], top: 0 },
      grid: { left: 48, right: 24, top: 32, bottom: 40 },
      xAxis: { type: "category", data: data.items.map(function (b) { return b.period; }) },
      yAxis: { type: "value", minInterval: 1 },
      dataZoom: data.items.length > 24 ? [{ type: "slider", height: 16, bottom: 4 }] : [],
      series: [
        { name: "Articles", type: "bar", data: data.items.map(function (b) { return b.articles; }), itemStyle: { color: "#aab7c4" } },
        { name: "Events", type: "line", data: data.items.map(function (b) { return b.events; }), itemStyle: { color: "#1f4e79" }, symbolSize: 5 }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    done(el, { points: data.items.length });
  }

  function tone(el, data) {
    var items = data.items.filter(function (b) { return b.events > 0; });
    if (!items.length) { return empty(el, "No dated events yet."); }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var names = ["Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict"];
    var series = names.map(function (n, i) {
      return {
        name: n, type: "bar", stack: "quad", yAxisIndex: 0,
        itemStyle: { color: QUAD[i] },
        data: items.map(function (b) { return i < 2 ? b.quad[i] : -b.quad[i]; })
      };
    });
    series.push({
      name: "Mean Goldstein", type: "line", yAxisIndex: 1, symbolSize: 5,
      itemStyle: { color: INK }, lineStyle: { width: 2 },
      data: items.map(function (b) { return Math.round(b.goldstein * 100) / 100; })
    });
    chart.setOption({
      textStyle: baseText, animation: false,
      tooltip: {
        trigger: "axis",
        valueFormatter: function (v) { return typeof v === "number" ? String(Math.abs(v)) : v; }
      },
      legend: { top: 0, data: names.concat(["Mean Goldstein"]) },
      grid: { left: 48, right: 48, top: 72, bottom: 40 },
      xAxis: { type: "category", data: items.map(function (b) { return b.period; }) },
      yAxis: [
        { type: "value", name: "events", minInterval: 1, axisLabel: { formatter: function (v) { return Math.abs(v); } } },
        { type: "value", name: "Goldstein", min: -10, max: 10, splitLine: { show: false } }
      ],
      dataZoom: items.length > 24 ? [{ type: "slider", height: 16, bottom: 4 }] : [],
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
    done(el, { points: items.length });
  }

  function network(el, data) {
    var summary = document.getElementById("network-summary");
    if (!data.nodes.length) { return empty(el, "No events match: the network is empty."); }
    var maxNode = Math.max.apply(null, data.nodes.map(function (n) { return n.events; }));
    var maxEdge = Math.max.apply(null, data.edges.map(function (e) { return e.events; }).concat([1]));
    var elements = data.nodes.map(function (n) {
      return { data: {
        id: n.id, label: n.label, kind: n.kind, events: n.events,
        size: 18 + 42 * Math.sqrt(n.events / maxNode),
        colour: COMMUNITY[n.community % COMMUNITY.length],
        shape: n.kind === "org" ? "round-rectangle" : "ellipse"
      } };
    }).concat(data.edges.map(function (e) {
      return { data: {
        id: e.source + "|" + e.target, source: e.source, target: e.target, events: e.events,
        width: 1.5 + 9 * Math.sqrt(e.events / maxEdge), colour: netColour(e.net)
      } };
    }));
    var cy = cytoscape({
      container: el, elements: elements, wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", width: "data(size)", height: "data(size)", shape: "data(shape)",
          label: "data(label)", "font-size": 11, color: INK, "text-valign": "bottom", "text-margin-y": 4,
          "text-outline-color": "#fbfcfd", "text-outline-width": 2, "border-width": 1, "border-color": "#ffffff"
        } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "data(colour)", opacity: 0.75, "curve-style": "haystack"
        } },
        { selector: "edge:selected, edge.hover", style: { opacity: 1, "z-index": 10 } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; },
        idealEdgeLength: function () { return 90; }, padding: 24 }
    });
    cy.on("tap", "edge", function (ev) {
      var d = ev.target.data();
      window.location.href = "/pair/" + encodeURIComponent(d.source) + "/" + encodeURIComponent(d.target) + window.location.search;
    });
    cy.on("tap", "node", function (ev) {
      window.location.href = "/actor/" + encodeURIComponent(ev.target.id()) + window.location.search;
    });
    cy.on("mouseover", "edge", function (ev) { ev.target.addClass("hover"); el.style.cursor = "pointer"; });
    cy.on("mouseout", "edge", function (ev) { ev.target.removeClass("hover"); el.style.cursor = ""; });
    // Where each edge's midpoint is drawn, so that a test can click one.
    var first = cy.edges().first();
    var mid = first.length ? first.renderedMidpoint() : null;
    if (summary) {
      summary.textContent = data.nodes.length + " actors, " + data.edges.length + " relations, " +
        data.communities + " communities.";
    }
    done(el, {
      nodes: cy.nodes().length, edges: cy.edges().length,
      edgeX: mid ? Math.round(mid.x) : "", edgeY: mid ? Math.round(mid.y) : "",
      edgeId: first.length ? first.id() : ""
    });
  }

  var kinds = { activity: activity, tone: tone, network: network };

  function draw(el) {
    var kind = kinds[el.dataset.chart];
    if (!kind || el.dataset.rendered) { return; }
    el.dataset.rendered = "loading";
    getJSON(el.dataset.src).then(function (data) { kind(el, data); }, function (err) { fail(el, err); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
