"""E-mail alerts for citizens, without an account.

- `subscribe`: the form's own page (GET, cached like every public page) and the POST of the
  small form shown on the home, scam-pattern, organisation and province pages.
- `subscribe_sent`: "check your mailbox", the same answer whether or not the address was
  already subscribed.
- `confirm`: the mailed confirmation link. A GET shows a button and changes nothing (mail
  scanners follow links); only its POST, with its CSRF token, starts the alerts.
- `unsubscribe`: the link in every alert. A GET shows a button; a POST (the button, or a mail
  client's RFC 8058 one-click `List-Unsubscribe=One-Click`) deletes the subscription at once.

Why the two POSTs without a CSRF token:
- the subscription form sits on cached public pages, which can carry no per-visitor token (it
  would set a cookie and make the page uncacheable). A forged cross-site post could only ask
  for a confirmation mail to an address, which anyone can do from the page itself; the double
  opt-in and the rate limits are the protection. Browsers' Sec-Fetch-Site/Origin headers still
  refuse a post from another site.
- the one-click unsubscribe is a POST from the mail client, which has no cookie or token;
  only the secret token in the URL authorises it.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal import ratelimit

from ..alerts.consent import CONSENT_VERSION, consent_details, consent_statement, consent_text
from ..alerts.forms import SubscribeForm
from ..caching import public_page
from ..models import AlertSubscription
from ..models.alerts import describe_target
from ..services import alerts as alert_services

_LINK_STATUS = {"unknown": 404, "expired": 410}


def _private(response):
    """A page behind a personal link: kept out of referrers sent to other sites, caches and
    search engines. (Not "no-referrer": browsers then send "Origin: null" with the form's
    POST, which Django's CSRF check rightly refuses.)"""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _cross_site(request) -> bool:
    """A post sent by a page of another site (when the browser says so)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin not in {own, *settings.CSRF_TRUSTED_ORIGINS}


def form_context(*, kind, target="", label="", form=None, heading="h2") -> dict:
    """What the subscription form needs (also the template tag's context)."""
    data = form.data if form is not None else {}
    return {
        "alert_form": form,
        "alert_heading": heading,  # h1 on the form's own page, h2 inside another page
        "alert_email": data.get("email", ""),
        "alert_frequency": data.get("frequency", AlertSubscription.Frequency.IMMEDIATE),
        "alert_kind": kind,
        "alert_target": target,
        "alert_label": describe_target(kind, label) if label else "",
        "alert_frequencies": AlertSubscription.Frequency.choices,
        "consent_version": CONSENT_VERSION,
        "consent_statement": consent_statement(),
        "consent_details": consent_details(),
    }


def _name_of(data) -> str:
    """The name of the target a valid form named ("" for everything, or when it named none)."""
    for field in ("pattern", "organisation"):
        if data.get(field) is not None:
            return data[field].name
    return data.get("province", "")


def _form_page(request, form, status):
    data = getattr(form, "cleaned_data", {}) or {}
    context = form_context(
        kind=form.data.get("target_kind", AlertSubscription.Target.ALL),
        target=form.data.get("target", ""),
        label=_name_of(data),
        form=form,
        heading="h1",
    )
    response = render(request, "advisories/alerts/subscribe.html", context, status=status)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # see the module's docstring
@public_page(tags=())  # the form for every advisory: nothing from the database
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        context = form_context(kind=AlertSubscription.Target.ALL, heading="h1")
        return render(request, "advisories/alerts/subscribe.html", context)
    if _cross_site(request):
        response = render(request, "403.html", status=403)
        add_never_cache_headers(response)
        return response
    window = settings.ALERT_SUBSCRIBE_WINDOW
    retry_after = ratelimit.hit(
        "alerts:client",
        ratelimit.client_key(request),
        limit=settings.ALERT_SUBSCRIBE_PER_CLIENT,
        window=window,
    )
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    email = alert_services.normalise_email(data["email"])
    retry_after = ratelimit.hit(
        "alerts:address", email, limit=settings.ALERT_SUBSCRIBE_PER_ADDRESS, window=window
    )
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)
    alert_services.request_subscription(
        email=email,
        target=alert_services.AlertTarget(
            kind=data["target_kind"],
            pattern=data["pattern"],
            organisation=data["organisation"],
            province=data["province"],
        ),
        frequency=data["frequency"],
        consent_version=data["consent_version"],
        consent_text=consent_text(),  # the wording this page's language showed
        language=get_language() or settings.LANGUAGE_CODE,
    )
    response = redirect("advisories:alerts_sent")
    response.status_code = 303  # POST, then GET the answer page
    return response


@public_page(tags=())
def subscribe_sent(request):
    return render(request, "advisories/alerts/sent.html", {"days": settings.ALERT_CONFIRM_DAYS})


def _link_unusable(request, reason, *, kind):
    response = render(
        request,
        "advisories/alerts/link_unusable.html",
        {"reason": reason, "kind": kind, "days": settings.ALERT_CONFIRM_DAYS},
        status=_LINK_STATUS[reason],
    )
    return _private(response)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        subscription = alert_services.subscription_for_confirm_token(token)
    except alert_services.AlertLinkNotUsable as error:
        return _link_unusable(request, error.reason, kind="confirm")
    if request.method == "POST":
        subscription = alert_services.confirm_subscription(token=token)
        page = "advisories/alerts/confirmed.html"
    else:
        page = "advisories/alerts/confirm.html"
    return _private(render(request, page, {"subscription": subscription}))


@csrf_exempt  # the one-click POST of a mail client (RFC 8058); the token authorises it
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscription = alert_services.subscription_for_unsubscribe_token(token)
    except alert_services.AlertLinkNotUsable as error:
        return _link_unusable(request, error.reason, kind="unsubscribe")
    if request.method == "POST":
        alert_services.unsubscribe(token=token)
        return _private(render(request, "advisories/alerts/unsubscribed.html"))
    return _private(
        render(request, "advisories/alerts/unsubscribe.html", {"subscription": subscription})
    )
