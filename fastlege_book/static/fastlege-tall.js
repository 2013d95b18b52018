// Escape hides the source tooltip of a prose number until the pointer comes back or focus leaves (WCAG 1.4.13).
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".fl-tall:hover, .fl-tall:focus-within").forEach((el) => el.classList.add("fl-tall-dismissed"));
});
for (const type of ["mouseenter", "mouseleave", "focusout"]) {
  document.addEventListener(type, (event) => {
    const el = event.target.closest && event.target.closest(".fl-tall");
    if (el) el.classList.remove("fl-tall-dismissed");
  }, true);
}
