"""A synthetic corpus for measurement: `manage.py generate_corpus` (see generator.py).

A benchmarking tool kept out of the production app `advisories`: it writes organisations and
dispatches through advisories' models in bulk (bench/run.py builds its corpora with it).
"""
