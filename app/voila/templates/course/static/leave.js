// When a learner leaves a page (a link, the address bar, a reload, closing the tab), its kernel is shut at once
// instead of holding ~110 MB until the server's idle cull. Voila's page asks for this on `beforeunload`, which
// phones and tablets often never fire; `pagehide` fires on every way out. The server answers both calls alike.
(function () {
  "use strict";

  function pageConfig() {
    var element = document.getElementById("jupyter-config-data");
    return element ? JSON.parse(element.textContent) : {};
  }

  window.addEventListener("pagehide", function () {
    var config = pageConfig();
    if (!config.kernelId) {
      return;  // left before the kernel started: the server culls it
    }
    // Jupyter refuses a POST without the `_xsrf` cookie's value (the server sets the cookie with the page).
    var xsrf = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    var form = new FormData();
    form.append("_xsrf", xsrf ? xsrf[1] : "");
    navigator.sendBeacon(config.baseUrl + "voila/api/shutdown/" + config.kernelId, form);
  });

  // A page brought back from the browser's back-forward cache has lost its kernel: load it afresh.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
})();
