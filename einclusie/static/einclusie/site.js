// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // The help-point finder updates its results while the person types or chooses.
  function liveSearch(form) {
    var target = document.getElementById("resultaten");
    if (!target || !window.fetch) {
      return;
    }
    var timer = null;
    var latest = 0;
    function update() {
      var params = new URLSearchParams(new FormData(form));
      if (!params.get("waar") || params.get("waar").trim().length < 2) {
        return;
      }
      var request = ++latest;
      var query = params.toString();
      params.set("deel", "resultaten");
      fetch(form.getAttribute("data-live-search") + "?" + params.toString(), { headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && request === latest) {
            target.innerHTML = html;
            window.history.replaceState(null, "", "?" + query);
          }
        })
        .catch(function () { /* the submit button still works */ });
    }
    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 350);
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    var form = document.querySelector("form[data-live-search]");
    if (form) {
      liveSearch(form);
    }
  });
})();
