"""The read-only open-data API under /api/v1/ (django-ninja: typed parameters, the OpenAPI 3
document generated from the same code that answers)."""
