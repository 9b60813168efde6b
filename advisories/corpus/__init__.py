"""A synthetic corpus for measurement: `manage.py generate_corpus` (see generator.py)."""
