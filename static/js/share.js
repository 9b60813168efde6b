// "Chia sẻ qua Zalo, Messenger…": the phone's own share sheet (Web Share API), which lists the
// apps the reader has (Zalo has no documented share address a plain link could use).
// The button is hidden in the page and shown only where the browser can share; the share
// links and the copy-link button (portal.js) work everywhere else. A file, not an inline
// script, so a strict Content-Security-Policy stays possible.
if (navigator.share) {
  for (const button of document.querySelectorAll("[data-share-url]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl });
      } catch {
        // The reader closed the share sheet (AbortError) or sharing failed: the links remain.
      }
    });
  }
}
