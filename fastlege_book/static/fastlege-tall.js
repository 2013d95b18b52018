// The source tooltip of a prose number (fastlege_book.provenance), shown on hover and on keyboard focus.
// - It stays inside the screen at any width: placed under its number (above it when there is no room
//   below), moved left as far as the screen's right edge needs, and fixed to the viewport, so that it
//   never makes the page scroll sideways (WCAG 1.4.10, 1.4.13).
// - Escape hides it until the pointer comes back or focus leaves (dismissable, WCAG 1.4.13).
(function () {
  "use strict";
  var MARGIN_PX = 8; // between the tooltip and the screen's edges

  function place(tall) {
    var tip = tall.querySelector(".fl-tall-tip");
    var link = tall.querySelector(".fl-tall-link");
    if (!tip || !link || getComputedStyle(tip).display === "none") return;
    var screen = document.documentElement.clientWidth;
    tip.style.maxWidth = Math.min(352, screen - 2 * MARGIN_PX) + "px";
    var anchor = link.getBoundingClientRect();
    var box = tip.getBoundingClientRect();
    var left = Math.min(anchor.left, screen - box.width - MARGIN_PX);
    var below = anchor.bottom;
    var top = below + box.height > window.innerHeight && anchor.top - box.height > 0 ? anchor.top - box.height : below;
    tip.style.left = Math.max(MARGIN_PX, left) + "px";
    tip.style.top = top + "px";
  }

  function placeShown() {
    document.querySelectorAll(".fl-tall:hover, .fl-tall:focus-within").forEach(place);
  }

  for (var type of ["mouseover", "focusin"]) {
    document.addEventListener(type, function (event) {
      var tall = event.target.closest && event.target.closest(".fl-tall");
      if (tall) place(tall);
    });
  }
  window.addEventListener("scroll", placeShown, { passive: true, capture: true });
  window.addEventListener("resize", placeShown);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".fl-tall:hover, .fl-tall:focus-within").forEach(function (el) {
      el.classList.add("fl-tall-dismissed");
    });
  });
  for (var leave of ["mouseenter", "mouseleave", "focusout"]) {
    document.addEventListener(leave, function (event) {
      var el = event.target.closest && event.target.closest(".fl-tall");
      if (el) el.classList.remove("fl-tall-dismissed");
    }, true);
  }
})();
