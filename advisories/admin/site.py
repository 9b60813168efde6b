"""The admin's home page: a short panel of what waits for the account.

"Văn bản đến" (the unit's inbox, with how many it has not confirmed yet) for every account of a
unit, and "Chờ ban hành" (drafts within the account's scope) for those who may publish.
Two counting queries; PortalAdminSite.index adds the result to its context.

Above it, for every account, a warning when the background worker looks stopped (the notices
then wait: advisories.receipts.worker): one more query while it runs.
"""

from django.urls import reverse

from ..access import scope_for
from ..models import Delivery, Dispatch
from ..receipts.worker import worker_status

PUBLISH_PERMISSION = "advisories.publish_dispatch"


def home_panel(request) -> dict:
    """Context of templates/admin/index.html's panel (empty for an account of no unit that
    may not publish)."""
    user = request.user
    scope = scope_for(user)
    panel = {}
    if scope.home_id is not None:
        panel["inbox"] = {
            "url": reverse("advisories:inbox"),
            "unconfirmed": Delivery.objects.filter(
                organisation_id=scope.home_id, dispatch__status=Dispatch.Status.PUBLISHED
            )
            .pending()
            .count(),
        }
    if user.has_perm(PUBLISH_PERMISSION):
        changelist = reverse("admin:advisories_dispatch_changelist")
        panel["to_publish"] = {
            "url": f"{changelist}?status__exact={Dispatch.Status.DRAFT}",
            "count": scope.filter(Dispatch.objects.drafts()).count(),
        }
    worker = worker_status()
    return {"staff_panel": panel, "worker_stopped": worker if worker.stale else None}
