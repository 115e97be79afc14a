/* The forecast run's map: regions coloured by their population change (Leaflet, no tiles;
   the page's CSP allows no inline script or style, so colours are CSS classes). */
(function () {
  "use strict";

  function draw(el) {
    if (!window.L || el.dataset.drawn) {
      return;
    }
    el.dataset.drawn = "1";
    fetch(el.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var map = window.L.map(el, { attributionControl: false, scrollWheelZoom: false,
                                     zoomSnap: 0.25 });
        var layer = window.L.geoJSON(data, {
          style: function (feature) {
            return { className: "fc-band fc-band-" + feature.properties.band, weight: 1 };
          },
          onEachFeature: function (feature, shape) {
            shape.bindTooltip(feature.properties.label);
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      });
  }

  function drawAll() {
    document.querySelectorAll("[data-forecast-map]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
