/* Map page: choropleth polygons and service points from the page's JSON endpoint.
   No inline script (CSP): the data URL comes from the map element's data-url. */
(function () {
  "use strict";

  function label(parts) {
    // Text nodes only: names come from the database, never as HTML.
    var box = document.createElement("span");
    parts.forEach(function (text, i) {
      if (i) { box.appendChild(document.createElement("br")); }
      box.appendChild(document.createTextNode(text));
    });
    return box;
  }

  function draw(el, data) {
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    if (data.tile_url) { L.tileLayer(data.tile_url, { maxZoom: 18 }).addTo(map); }
    var areas = L.geoJSON(data.areas, {
      style: function (feature) {
        return { className: "area-shape " + feature.properties.css, weight: 1 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(label([p.name, p.display + (p.status ? " · " + p.status : "")]), { sticky: true });
      }
    });
    // Set the view before adding any vector layer (Leaflet needs it to project).
    var bounds = areas.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([-2.5, 118], 5); }
    areas.addTo(map);
    data.points.forEach(function (pt) {
      L.circleMarker([pt.lat, pt.lng], { radius: 5, className: "point point-" + pt.kind })
        .bindTooltip(label([pt.label, pt.name]))
        .addTo(map);
    });
    el.setAttribute("data-ready", "1");
  }

  function start() {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    fetch(el.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { draw(el, data); } else { el.setAttribute("data-ready", "error"); }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
