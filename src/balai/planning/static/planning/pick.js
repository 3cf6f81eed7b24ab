// Map pick for a proposal's location: click the map to fill latitude/longitude.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("planning-map");
    var source = document.getElementById("planning-map-data");
    if (!box || !source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var lat = document.querySelector("input[name=latitude]");
    var lng = document.querySelector("input[name=longitude]");
    var map = L.map(box).setView(data.center, 13);
    if (data.tile_url) { L.tileLayer(data.tile_url, { maxZoom: 18 }).addTo(map); }
    if (data.geometry) {
      var layer = L.geoJSON(data.geometry, { style: { color: "#2e7d32", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      map.fitBounds(layer.getBounds());
    }
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    }
    if (lat && lng && lat.value && lng.value) { place([parseFloat(lat.value), parseFloat(lng.value)]); }
    map.on("click", function (event) {
      place(event.latlng);
      if (lat) { lat.value = event.latlng.lat.toFixed(6); }
      if (lng) { lng.value = event.latlng.lng.toFixed(6); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
