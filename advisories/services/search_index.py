"""The search index: the folded search_text, the SQLite FTS5 rows and the vocabulary."""

from django.db import transaction

from ..models import Dispatch, SearchWord
from ..search.backend import store_index_rows

_WORD_BATCH = 2000


@transaction.atomic
def index_dispatches(*, dispatches: list[Dispatch]) -> None:
    """Recompute and store the search text of `dispatches` (their parts already saved)."""
    rows = []
    for dispatch in dispatches:
        dispatch.search_text = dispatch.build_search_text()
        Dispatch.objects.filter(pk=dispatch.pk).update(search_text=dispatch.search_text)
        rows.append((dispatch.pk, dispatch.search_text))
    store_index_rows(rows)
    record_words(texts=[text for _, text in rows])


def record_words(*, texts: list[str]) -> None:
    """Add the words of `texts` that the vocabulary lacks (typo correction looks there)."""
    words = set()
    for text in texts:
        words.update(text.split())
    words = sorted(w for w in words if len(w) <= 60)
    for start in range(0, len(words), _WORD_BATCH):
        batch = words[start : start + _WORD_BATCH]
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in batch], ignore_conflicts=True, batch_size=_WORD_BATCH
        )
