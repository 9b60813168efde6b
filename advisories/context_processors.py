"""Values every public template needs."""

from django.conf import settings


def portal(request):
    return {"portal_name": "Cổng cảnh báo lừa đảo", "site_url": settings.SITE_URL}
