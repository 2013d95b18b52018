// Render every chart on the page from the Vega-Lite spec stored beside it (no CDN, works offline).
// Each chart is found by class, not id, so the same chart may appear on several pages.
(function () {
  "use strict";
  function renderAll() {
    if (typeof window.vegaEmbed !== "function") {
      console.warn("fastlege-charts: vegaEmbed is not loaded");
      return;
    }
    document.querySelectorAll(".fl-chart").forEach(function (box) {
      var view = box.querySelector(".fl-chart-view");
      var specNode = box.querySelector("script.fl-chart-spec");
      if (!view || !specNode || view.dataset.rendered) return;
      view.dataset.rendered = "1";
      var spec = JSON.parse(specNode.textContent);
      var options = (spec.usermeta && spec.usermeta.embedOptions) || {};
      window.vegaEmbed(view, spec, options).then(function (result) {
        var svg = view.querySelector("svg");
        if (svg) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", spec.description || "");
        }
      }).catch(function (err) {
        view.textContent = "Figuren kunne ikke vises: " + err;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
