"""App configuration: the benchmark corpus generator (no models of its own)."""

from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "corpus"
    verbose_name = "Kho văn bản giả lập (đo tốc độ)"
