// Render every chart on the page from the Vega spec stored beside it (no CDN, works offline).
// The specs are compiled from Vega-Lite at build time, so the site loads plain Vega only.
// Each chart is found by class, not id, so the same chart may appear on several pages.
(function () {
  "use strict";
  var OFFSET_PX = 10;
  var localeSet = false;
  var tip = null;

  function setLocale(options) {
    // Norwegian numbers and dates for every chart (the locales are the same in every spec).
    if (localeSet) return;
    if (options.formatLocale) window.vega.formatLocale(options.formatLocale);
    if (options.timeFormatLocale) window.vega.timeFormatLocale(options.timeFormatLocale);
    localeSet = true;
  }

  function tooltipElement() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "fl-chart-tooltip";
      tip.className = "fl-chart-tooltip";
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  function fill(box, value) {
    // A string, or an object of "title: value" pairs (Vega-Lite's multi-field tooltips); text only, no HTML.
    box.textContent = "";
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      box.textContent = text(value);
      return;
    }
    if (value.title !== undefined) {
      var heading = document.createElement("strong");
      heading.textContent = text(value.title);
      box.appendChild(heading);
    }
    var table = document.createElement("table");
    Object.keys(value).forEach(function (key) {
      if (key === "title") return;
      var row = table.insertRow();
      var name = row.insertCell();
      name.className = "fl-tip-key";
      name.textContent = key;
      row.insertCell().textContent = text(value[key]);
    });
    if (table.rows.length) box.appendChild(table);
  }

  function place(box, event) {
    var x = event.clientX + OFFSET_PX;
    var y = event.clientY + OFFSET_PX;
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    if (x + width > window.innerWidth) x = Math.max(0, event.clientX - OFFSET_PX - width);
    if (y + height > window.innerHeight) y = Math.max(0, event.clientY - OFFSET_PX - height);
    box.style.left = x + "px";
    box.style.top = y + "px";
  }

  function tooltipHandler(handler, event, item, value) {
    // Vega calls this on hover with the tooltip value it has already formatted (Norwegian locale).
    var box = tooltipElement();
    if (value === null || value === undefined || value === "") {
      box.hidden = true;
      return;
    }
    fill(box, value);
    box.hidden = false;
    place(box, event);
  }

  // A chart's input bindings (the map's year list) go in their own element after the view: the view is one
  // image (role="img") to assistive technology, and an image may not hold a control (axe: nested-interactive).
  function controlsFor(view, spec) {
    var bound = (spec.signals || []).some(function (signal) { return signal.bind; });
    if (!bound) return undefined;
    var controls = document.createElement("div");
    controls.className = "fl-chart-controls";
    view.after(controls);
    return controls;
  }

  function render(box) {
    var view = box.querySelector(".fl-chart-view");
    var specNode = box.querySelector("script.fl-chart-spec");
    if (!view || !specNode || view.dataset.rendered) return;
    view.dataset.rendered = "1";
    var spec = JSON.parse(specNode.textContent);
    var options = (spec.usermeta && spec.usermeta.embedOptions) || {};
    setLocale(options);
    var chart = new window.vega.View(window.vega.parse(spec), {
      renderer: options.renderer || "svg",
      container: view,
      bind: controlsFor(view, spec),
      hover: true,
      tooltip: tooltipHandler,
    });
    chart
      .runAsync()
      .then(function () {
        // Vega names its container a "graphics-document" with the English role description
        // "visualization": the chart stays one image with the Norwegian text alternative.
        view.setAttribute("role", "img");
        view.removeAttribute("aria-roledescription");
        view.setAttribute("aria-label", spec.description || "");
        var svg = view.querySelector("svg");
        if (svg) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", spec.description || "");
        }
      })
      .catch(function (err) {
        view.textContent = "Figuren kunne ikke vises: " + err;
      });
  }

  function renderAll() {
    if (!window.vega || typeof window.vega.View !== "function") {
      console.warn("fastlege-charts: Vega is not loaded");
      return;
    }
    document.querySelectorAll(".fl-chart").forEach(render);
  }

  // Tables marked data-fl-sortable: each column header becomes a button that sorts by that column, ascending
  // then descending (aria-sort on the header). Numbers sort by their value (data-sort), names by Norwegian
  // collation (Æ, Ø, Å after Z); empty cells last.
  var collator = new Intl.Collator("nb", { numeric: true });

  function sortBy(table, index, button) {
    var header = button.parentNode;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) {
      var td = row.cells[index];
      var raw = td.dataset.sort;
      return { row: row, i: i, num: raw === undefined ? null : parseFloat(raw), text: td.textContent.trim() };
    });
    var numeric = keyed.some(function (k) { return k.num !== null; });
    keyed.sort(function (a, b) {
      var emptyA = numeric ? a.num === null : a.text === "";
      var emptyB = numeric ? b.num === null : b.text === "";
      if (emptyA !== emptyB) return emptyA ? 1 : -1;
      var order = numeric ? a.num - b.num : collator.compare(a.text, b.text);
      return (ascending ? order : -order) || a.i - b.i;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
  }

  function makeSortable(table) {
    if (table.dataset.flSorted) return;
    table.dataset.flSorted = "1";
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fl-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }

  function sortableTables() {
    document.querySelectorAll("table[data-fl-sortable]").forEach(makeSortable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && tip) tip.hidden = true; // dismissable (WCAG 1.4.13)
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
    document.addEventListener("DOMContentLoaded", sortableTables);
  } else {
    renderAll();
    sortableTables();
  }
})();
