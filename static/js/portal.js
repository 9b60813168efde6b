// Copy buttons for warning texts and page links: <button data-copy-target="ID"
// data-copied-label="…">, ID naming an element (its text is copied) or an input (its value).
// Loaded as a file (no inline script), so a strict Content-Security-Policy stays possible.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  const status = button.parentElement.querySelector(".copy-status");
  if (!source) return;
  const isField = source.matches("input, textarea");
  const text = isField ? source.value : source.innerText.trim();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers or no permission: select the text so the reader can copy it by hand.
    if (isField) {
      source.select();
    } else {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    document.execCommand && document.execCommand("copy");
  }
  if (status) status.textContent = button.dataset.copiedLabel || "OK";
});
