// Small behaviours that CSP forbids as inline handlers.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit")) {
    el.form.requestSubmit();
  }
});

// Buttons that print the page (slips, registers): no inline handlers under the CSP.
document.addEventListener("click", (event) => {
  const el = event.target;
  if (el instanceof HTMLElement && el.hasAttribute("data-print")) {
    window.print();
  }
});
