/*
 * "Use my location" on the letter form: progressive enhancement only.
 *
 * Without this script the form works as it is: the position is optional. With it, a button
 * (kept hidden in the page until now) asks the browser for the device's position; only if the
 * person allows it are the hidden latitude and longitude inputs filled. Nothing is sent to any
 * other host, and no map is loaded. Texts come from data-* attributes written by the template,
 * so they are translated with the rest of the page.
 */
(function () {
  "use strict";

  function init(box) {
    var button = box.querySelector("[data-geolocate-button]");
    var clear = box.querySelector("[data-geolocate-clear]");
    var status = box.querySelector("[data-geolocate-status]");
    var lat = document.getElementById(box.getAttribute("data-latitude"));
    var lng = document.getElementById(box.getAttribute("data-longitude"));
    if (!button || !status || !lat || !lng || !("geolocation" in navigator)) {
      return;
    }

    function say(text) {
      status.textContent = text;
    }

    function showKept() {
      var kept = lat.value !== "" && lng.value !== "";
      if (clear) {
        clear.hidden = !kept;
      }
      if (kept) {
        say(box.getAttribute("data-text-done"));
      }
    }

    button.addEventListener("click", function () {
      say(box.getAttribute("data-text-busy"));
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lng.value = position.coords.longitude.toFixed(6);
          button.disabled = false;
          showKept();
        },
        function (error) {
          button.disabled = false;
          say(
            error && error.code === 1
              ? box.getAttribute("data-text-denied")
              : box.getAttribute("data-text-failed")
          );
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });

    if (clear) {
      clear.addEventListener("click", function () {
        lat.value = "";
        lng.value = "";
        clear.hidden = true;
        say(box.getAttribute("data-text-cleared"));
      });
    }

    box.hidden = false;
    showKept();
  }

  function start() {
    var boxes = document.querySelectorAll("[data-geolocate]");
    for (var i = 0; i < boxes.length; i += 1) {
      init(boxes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
