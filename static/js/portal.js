// Copy buttons for warning texts: <button data-copy-target="ID" data-copied-label="…">.
// Loaded as a file (no inline script), so a strict Content-Security-Policy stays possible.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  const status = button.parentElement.querySelector(".copy-status");
  if (!source) return;
  const text = source.innerText.trim();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers or no permission: select the text so the reader can copy it by hand.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand && document.execCommand("copy");
  }
  if (status) status.textContent = button.dataset.copiedLabel || "OK";
});
