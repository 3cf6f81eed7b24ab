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

// Wide tables on a phone: mark a .table-scroll box that overflows (CSS fades its cut
// edge) and put a hint above it; the hint's text comes from <body data-scroll-hint>.
function markOverflow(box) {
  const over = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle("is-overflowing", over);
  box.classList.toggle("at-end", over && box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  let hint = box.previousElementSibling;
  if (!(hint instanceof HTMLElement && hint.classList.contains("scroll-hint"))) {
    if (!over) return;
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = document.body.dataset.scrollHint || "→";
    box.before(hint);
  }
  hint.hidden = !over;
}

function markAllOverflows(root) {
  root.querySelectorAll(".table-scroll").forEach(markOverflow);
}

markAllOverflows(document);
window.addEventListener("resize", () => markAllOverflows(document));
document.addEventListener("htmx:load", (event) => markAllOverflows(event.target));
// Scroll events do not bubble: listen in the capture phase.
document.addEventListener(
  "scroll",
  (event) => {
    const el = event.target;
    if (el instanceof HTMLElement && el.classList.contains("table-scroll")) markOverflow(el);
  },
  true,
);

// A tap outside the open menu closes it (Pico's dropdown stays open otherwise).
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.site-menu[open]")) {
    if (!menu.contains(event.target)) {
      menu.removeAttribute("open");
    }
  }
});
