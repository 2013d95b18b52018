// Regn selv: annual basistilskudd for the reader's own numbers, in the browser with no server.
// The formulas mirror fastlege_calc.basistilskudd.annual_nok_for_rule, tromso.annual_nok_for_rule and
// action_plan.annual_effect_nok_for_rule; tests/test_site.py checks this page against them for many inputs.
(function () {
  "use strict";
  var form = document.getElementById("fl-calc");
  if (!form) return;
  var p = JSON.parse(form.dataset.params);
  var nf = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 });

  function annualNok(n, rateUp, rateAbove, kneepoint) {
    var upTo = Math.min(n, kneepoint);
    var above = Math.max(n - kneepoint, 0);
    return upTo * rateUp + above * rateAbove;
  }
  function tromsoNok(n, rateUp, rateAbove, kneepoint) {
    var supplement = p.tromso_increase_share * rateUp;
    return annualNok(n, rateUp, rateAbove, kneepoint) + supplement * Math.min(n, p.tromso_kneepoint_patients);
  }
  function planEffectNok(n, rateUp, rateAbove, kneepoint) {
    return annualNok(n, rateUp, rateAbove, kneepoint) - n * p.before_plan_rate_nok;
  }
  function nok(value) {
    // Round half away from zero like fastlege_calc.fmt; Norwegian grouping; "kr" after a no-break space.
    var rounded = Math.sign(value) * Math.round(Math.abs(value));
    return nf.format(rounded === 0 ? 0 : rounded).replace(/-/g, "\u2212") + "\u00a0kr";
  }
  function read(name) {
    var input = document.getElementById("fl-" + name);
    var v = parseFloat(String(input.value).replace(",", "."));
    var ok = isFinite(v) && v >= 0;
    input.setAttribute("aria-invalid", ok ? "false" : "true");
    return ok ? v : NaN;
  }
  function show(key, value) {
    var out = document.getElementById("fl-out-" + key);
    out.dataset.value = isFinite(value) ? String(value) : "";
    out.textContent = isFinite(value) ? nok(value) : "Skriv inn tall på 0 eller mer";
  }
  function update() {
    var n = read("list"), up = read("rate"), above = read("above"), k = read("kneepoint");
    var national = annualNok(n, up, above, k);
    var tromso = tromsoNok(n, up, above, k);
    show("national", national);
    show("tromso", tromso);
    show("difference", tromso - national);
    show("plan_effect", planEffectNok(n, up, above, k));
  }
  form.querySelectorAll('input[type="range"]').forEach(function (slider) {
    var field = document.getElementById(slider.dataset.for);
    slider.addEventListener("input", function () { field.value = slider.value; update(); });
    field.addEventListener("input", function () { slider.value = field.value; update(); });
  });
  document.getElementById("fl-calc-reset").addEventListener("click", function () {
    var start = { list: p.list_length_patients, rate: p.rate_up_to_kneepoint_nok,
                  above: p.rate_above_kneepoint_nok, kneepoint: p.kneepoint_patients };
    Object.keys(start).forEach(function (name) {
      document.getElementById("fl-" + name).value = start[name];
      form.querySelector('[data-for="fl-' + name + '"]').value = start[name];
    });
    update();
  });
  update();
})();
