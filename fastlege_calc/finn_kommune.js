// Finn din kommune: type a name, pick a municipality, see its figures beside its county and the country.
// An ARIA 1.2 combobox with a listbox popup (aria-activedescendant), and a polite live region for the number
// of matches. The municipalities are the map's data set on the same page (fastlege_calc/finn_kommune.py), so
// nothing is fetched: the page works from file://. Numbers are written the Norwegian way (nb-NO), as the book's.
(function () {
  "use strict";
  var root = document.getElementById("fl-finn");
  if (!root) return;
  var config = JSON.parse(root.dataset.config);
  var input = document.getElementById("fl-finn-input");
  var list = document.getElementById("fl-finn-list");
  var status = document.getElementById("fl-finn-status");
  var result = document.getElementById("fl-finn-result");
  var collator = new Intl.Collator("nb", { sensitivity: "base" });
  var whole = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 });
  var oneDecimal = new Intl.NumberFormat("nb-NO", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var MAX_OPTIONS = 12;
  // The map's spec comes later in the page than this script: read it once the page is parsed.
  var municipalities = [];
  var matches = [];
  var active = -1;

  function readMunicipalities() {
    // The rows of the map's data set named config.dataset, from the Vega spec stored beside the map.
    var specs = document.querySelectorAll("script.fl-chart-spec");
    for (var i = 0; i < specs.length; i++) {
      var spec = JSON.parse(specs[i].textContent);
      var found = (spec.data || []).filter(function (d) { return d.name === config.dataset && Array.isArray(d.values); });
      if (found.length) {
        return found[0].values.map(function (row) {
          var key = row.kommune.toLocaleLowerCase("nb");
          return { row: row, label: row.kommune + " (" + row.fylke + ")", key: key, words: key.split(/[\s-]+/) };
        }).sort(function (a, b) { return collator.compare(a.label, b.label); });
      }
    }
    status.textContent = "Kommunetallene ble ikke funnet på siden.";
    return [];
  }

  function percent(share) {
    return oneDecimal.format(share * 100) + "\u00a0%";
  }
  function count(value) {
    return whole.format(value).replace(/-/g, "\u2212");
  }
  function text(row, key) {
    // A municipality's latest figure as text, or "ingen tall".
    var value = key === "andel" ? row["a" + config.year] : row[key];
    if (value === null || value === undefined) return "ingen tall";
    return key === "andel" ? percent(value) : count(value);
  }

  function find(query) {
    // Names that start with the query first, then names with a word that does; Norwegian order within each.
    var q = query.trim().toLocaleLowerCase("nb");
    if (!q) return [];
    var starts = [], words = [];
    municipalities.forEach(function (m) {
      if (m.key.indexOf(q) === 0) starts.push(m);
      else if (m.words.some(function (w) { return w.indexOf(q) === 0; })) words.push(m);
    });
    return starts.concat(words);
  }

  function setActive(index) {
    var options = list.querySelectorAll("[role=option]");
    active = index;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function update() {
    matches = find(input.value);
    list.textContent = "";
    matches.slice(0, MAX_OPTIONS).forEach(function (m, i) {
      var option = document.createElement("li");
      option.id = "fl-finn-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = m.label;
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(m); });
      list.appendChild(option);
    });
    var shown = Math.min(matches.length, MAX_OPTIONS);
    if (!input.value.trim()) {
      status.textContent = "";
      close();
      return;
    }
    status.textContent = matches.length === 0
      ? "Ingen kommune passer."
      : (matches.length === 1 ? "1 kommune passer." : matches.length + " kommuner passer"
        + (matches.length > shown ? ", de " + shown + " første vises." : "."));
    list.hidden = shown === 0;
    input.setAttribute("aria-expanded", shown ? "true" : "false");
    setActive(shown === 1 ? 0 : -1);
  }

  function cell(tag, content, attrs) {
    var el = document.createElement(tag);
    el.textContent = content;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function table(caption, head, rows, numeric) {
    var t = document.createElement("table");
    t.className = "fl-chart-table";
    t.appendChild(cell("caption", caption));
    var tr = t.createTHead().insertRow();
    head.forEach(function (h) { tr.appendChild(cell("th", h, { scope: "col" })); });
    var body = t.createTBody();
    rows.forEach(function (r) {
      var row = body.insertRow();
      row.appendChild(cell("th", r[0], { scope: "row" }));
      r.slice(1).forEach(function (v) { row.appendChild(cell("td", v, numeric ? { class: "fl-num" } : {})); });
    });
    var wrap = document.createElement("div");
    wrap.className = "fl-table-wrap";
    wrap.appendChild(t);
    return wrap;
  }

  function show(m) {
    var row = m.row;
    var county = config.counties[row.fylke] || {};
    result.textContent = "";
    result.appendChild(cell("h3", m.label, { class: "fl-finn-name" }));
    result.appendChild(cell("p", "Kommunenummer " + row.kommunenummer + ". Tall per " + config.date
      + ". Fylket og landet er summer av kommunetallene."));
    var rows = config.measures.map(function (measure) {
      var key = measure[0];
      return [measure[1], text(row, key), county[key] || "ingen tall", config.country[key]];
    });
    result.appendChild(table("Tall for " + config.year, ["", row.kommune, row.fylke, "Landet"], rows, true));
    var years = config.years.filter(function (y) { var v = row["a" + y]; return v !== null && v !== undefined; });
    if (years.length) {
      var trend = years.map(function (y) { return [String(y), percent(row["a" + y])]; });
      var note = years[0] > config.years[0]
        ? " Kommunen har tall under dagens kommunenummer fra " + years[0] + "."
        : "";
      result.appendChild(cell("p", "Andelen av listeinnbyggerne på lister uten fastlege, år for år." + note));
      result.appendChild(table("Andel uten fastlege i " + row.kommune, ["År", "Andel uten fastlege"], trend, true));
    } else {
      result.appendChild(cell("p", "SSB har ingen tall for kommunen."));
    }
    result.appendChild(cell("p", config.source, { class: "fl-chart-source" }));
  }

  function choose(m) {
    input.value = m.label;
    close();
    show(m);
    status.textContent = "Viser tallene for " + m.label + ".";
  }

  input.addEventListener("input", update);
  input.addEventListener("keydown", function (event) {
    var shown = list.querySelectorAll("[role=option]").length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) update();
      if (shown) setActive((active + 1) % shown);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (shown) setActive(active <= 0 ? shown - 1 : active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (active >= 0 && matches[active]) choose(matches[active]);
      else if (matches.length === 1) choose(matches[0]);
    } else if (event.key === "Escape") {
      if (!list.hidden) close();
      else { input.value = ""; update(); }
    }
  });
  input.addEventListener("blur", close);

  function start() {
    municipalities = readMunicipalities();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
