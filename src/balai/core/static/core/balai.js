// Small behaviours that CSP forbids as inline handlers.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit")) {
    el.form.requestSubmit();
  }
});
