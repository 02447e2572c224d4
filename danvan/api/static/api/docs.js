"use strict";
// Swagger UI on the schema of this host; no request leaves it.
(function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
      if (match) {
        request.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
      }
      return request;
    },
  });
})();
