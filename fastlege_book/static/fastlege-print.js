// Printing a page prints the numbers behind its charts too: the collapsed tables open for the print
// and close again after it (fastlege-print.css keeps each chart and its table on one page).
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.fl-chart-data:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
