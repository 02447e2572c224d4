/*
 * The commune list of the letter form follows the chosen province: progressive enhancement only.
 *
 * Without this script the person chooses the province and presses "Show the communes", and the
 * page comes back with the communes of that province and everything typed kept. With it, the
 * list is fetched from this site (never another host) as soon as the province changes, and the
 * button is hidden. If the fetch fails, the button is shown again.
 */
(function () {
  "use strict";

  function init(form) {
    var province = form.querySelector("[data-province]");
    var ward = form.querySelector("[data-ward]");
    var button = form.querySelector("[data-communes-button]");
    var url = form.getAttribute("data-wards-url");
    if (!province || !ward || !url || !window.fetch) {
      return;
    }
    var prompt = ward.getAttribute("data-prompt") || "";
    var first = ward.getAttribute("data-prompt-first") || "";

    function fill(communes) {
      while (ward.options.length) {
        ward.remove(0);
      }
      ward.add(new Option(communes.length ? prompt : first, ""));
      for (var i = 0; i < communes.length; i += 1) {
        ward.add(new Option(communes[i].name, communes[i].code));
      }
    }

    province.addEventListener("change", function () {
      if (!province.value) {
        fill([]);
        return;
      }
      fetch(url + "?tinh=" + encodeURIComponent(province.value), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          fill(data.communes || []);
        })
        .catch(function () {
          if (button) {
            button.hidden = false;
          }
        });
    });

    if (button) {
      button.hidden = true;
    }
  }

  function start() {
    var forms = document.querySelectorAll("form[data-wards-url]");
    for (var i = 0; i < forms.length; i += 1) {
      init(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
