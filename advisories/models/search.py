"""The search vocabulary: every folded word of the published texts, for typo correction.

Vietnamese words are syllables, so the vocabulary stays small (a few thousand rows) even for
hundreds of thousands of dispatches; a trigram index on it (PostgreSQL) finds "lua dap" → "dao".
"""

from django.db import models


class SearchWord(models.Model):
    word = models.CharField("từ (không dấu)", max_length=60, unique=True)

    class Meta:
        verbose_name = "từ tìm kiếm"
        verbose_name_plural = "từ tìm kiếm"
        ordering = ["word"]

    def __str__(self):
        return self.word
