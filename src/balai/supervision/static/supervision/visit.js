// Fill the visit's GPS fields from the phone's location, then let htmx save the draft.
(function () {
  "use strict";
  var button = document.getElementById("gps-fill");
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = document.getElementById("id_latitude");
      var lng = document.getElementById("id_longitude");
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      lng.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
