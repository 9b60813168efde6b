"""The admin app with the portal's own default site, so every `@admin.register` lands on it."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
