"""App configuration."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_staff_roles(sender, using="default", **kwargs):
    """The Văn thư and Lãnh đạo groups exist after every migrate (permissions exist by then)."""
    from .services.staff import ensure_staff_roles

    ensure_staff_roles()


class AdvisoriesConfig(AppConfig):
    name = "advisories"
    verbose_name = "Cảnh báo lừa đảo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - connects the audit receivers

        post_migrate.connect(_ensure_staff_roles, sender=self, dispatch_uid="advisories_roles")

        from portal.cache import cache_recovered

        from .caching import bump_after_outage

        # Pages cached before a Redis outage may be stale (a publish meanwhile could not bump).
        cache_recovered.connect(bump_after_outage, dispatch_uid="advisories_bump_after_outage")
