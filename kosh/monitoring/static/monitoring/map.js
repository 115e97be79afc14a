/* The choropleth of the monitoring dashboard: Leaflet with the shipped boundaries only (no
   tile server), coloured by the values the server publishes (hidden numbers are null and
   drawn grey). Loaded from a file: the Content-Security-Policy allows no inline script. */
"use strict";

(function () {
  var form = document.getElementById("map-form");
  var box = document.getElementById("monitoring-map");
  if (!form || !box || typeof L === "undefined") { return; }
  var COLOURS = ["#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"];
  var map = L.map(box, { attributionControl: false, zoomSnap: 0.25 });
  var layer = null;
  var shapes = {};
  var lang = document.documentElement.lang || "ru";

  function nameOf(props) {
    return props["name_" + lang] || props.name_en || props.kato;
  }

  function boundaries(level) {
    if (!shapes[level]) {
      shapes[level] = fetch(form.dataset[level === "region" ? "regions" : "districts"], {
        credentials: "same-origin" }).then(function (r) { return r.json(); });
    }
    return shapes[level];
  }

  function breaks(values) {
    var xs = values.filter(function (v) { return v !== null; }).sort(function (a, b) { return a - b; });
    if (!xs.length) { return []; }
    var out = [];
    for (var i = 1; i < COLOURS.length; i++) {
      var cut = xs[Math.min(xs.length - 1, Math.floor(i * xs.length / COLOURS.length))];
      if (out.indexOf(cut) < 0 && cut > xs[0]) { out.push(cut); }  /* distinct classes */
    }
    return out;
  }

  function classOf(v, cuts) {
    if (v === null || v === undefined) { return -1; }
    var k = 0;
    while (k < cuts.length && v >= cuts[k]) { k++; }
    return Math.min(k, COLOURS.length - 1);
  }

  function legend(cuts, data) {
    var el = document.getElementById("map-legend");
    el.textContent = "";
    var label = document.createElement("strong");
    label.textContent = data.label + " (" + data.unit + ", " + data.year + ")";
    el.appendChild(label);
    var lows = [null].concat(cuts);
    for (var i = 0; i < lows.length; i++) {
      var item = document.createElement("span");
      item.className = "legend__item";
      var sw = document.createElement("span");
      sw.className = "legend__swatch legend__swatch--" + i;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(lows[i] === null ? "<" + (cuts[0] !== undefined ? cuts[0] : "") : "≥ " + lows[i]));
      el.appendChild(item);
    }
    var none = document.createElement("span");
    none.className = "legend__item";
    var s = document.createElement("span");
    s.className = "legend__swatch legend__swatch--none";
    none.appendChild(s);
    none.appendChild(document.createTextNode(form.dataset.hiddenLabel));
    el.appendChild(none);
  }

  var latest = 0;  /* answers can arrive out of order: only the newest choice is drawn */

  function draw() {
    var ticket = ++latest;
    var params = new URLSearchParams(new FormData(form));
    var metric = params.get("metric");
    var level = (metric.indexOf("indicator_") === 0 || metric === "flows") ? "region"
      : params.get("level");
    params.set("level", level);
    Promise.all([boundaries(level), fetch(form.dataset.mapUrl + "?" + params.toString(), {
      credentials: "same-origin" }).then(function (r) { return r.json(); })])
      .then(function (both) {
        if (ticket !== latest) { return; }
        var geo = both[0], data = both[1];
        var values = data.values || {};
        var cuts = breaks(Object.keys(values).map(function (k) { return values[k]; }));
        if (layer) { map.removeLayer(layer); }
        layer = L.geoJSON(geo, {
          style: function (f) {
            var k = classOf(values[f.properties.kato], cuts);
            return { color: "#4b5563", weight: level === "region" ? 1 : 0.5,
                     fillColor: k < 0 ? "#e5e7eb" : COLOURS[k], fillOpacity: 0.85 };
          },
          onEachFeature: function (f, l) {
            var v = values[f.properties.kato];
            l.bindTooltip(nameOf(f.properties) + ": " +
              (v === null || v === undefined ? "—" : (Math.round(v * 10) / 10)));
          }
        }).addTo(map);
        if (data.flows && data.flows.length) { drawFlows(data.flows); }
        map.fitBounds(layer.getBounds());
        box.setAttribute("data-drawn", "1");
        legend(cuts, data);
      });
  }

  /* Lines from region to region (centre of each region's bounds), as thick as the flow. */
  function drawFlows(flows) {
    var centres = {}, names = {};
    layer.eachLayer(function (l) {
      centres[l.feature.properties.kato] = l.getBounds().getCenter();
      names[l.feature.properties.kato] = nameOf(l.feature.properties);
    });
    var top = flows[0][2];
    flows.forEach(function (f) {
      var a = centres[f[0]], b = centres[f[1]];
      if (!a || !b) { return; }
      L.polyline([a, b], { color: "#0b6e99", weight: 1 + 7 * f[2] / top, opacity: 0.7 })
        .bindTooltip(names[f[0]] + " → " + names[f[1]] + ": " + f[2]).addTo(layer);
    });
  }

  form.addEventListener("change", draw);
  draw();
})();
