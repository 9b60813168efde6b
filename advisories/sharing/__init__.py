"""Links that preview well when shared: Open Graph tags (meta), the 1200×630 preview image
(cards: drawing, store: one file per version)."""
