// Template editor: clicking a placeholder inserts it at the cursor of the body field.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-token]");
  if (!button) return;
  event.preventDefault();
  const area = document.getElementById("id_body");
  if (!area) return;
  const token = `[${button.dataset.token}]`;
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? start;
  area.value = area.value.slice(0, start) + token + area.value.slice(end);
  area.focus();
  area.selectionStart = area.selectionEnd = start + token.length;
  area.dispatchEvent(new Event("keyup", { bubbles: true }));
});
