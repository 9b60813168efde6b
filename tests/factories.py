"""factory_boy factories for the domain models. Each writes through the services staff use:
a dispatch is drafted, then published (and withdrawn) by the publishing services, organisations
and patterns by the directory services, accounts by create_staff_user, deliveries and links by
the receipt services."""

import factory
from django.conf import settings
from django.utils import timezone

from advisories import services
from advisories.models import (
    Addressee,
    Delivery,
    Directive,
    Dispatch,
    DistributionLine,
    Organisation,
    Reference,
    ScamPattern,
    WarningMessage,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Trạm Y tế xã số {n}")
    short_name = factory.Sequence(lambda n: f"TYT {n}")
    abbreviation = "TYT"
    slug = factory.Sequence(lambda n: f"don-vi-{n}")
    kind = Organisation.Kind.STATION
    province = "An Giang"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_organisation(organisation=model_class(*args, **kwargs))


class ScamPatternFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScamPattern

    name = factory.Sequence(lambda n: f"Giả danh cơ quan số {n}")
    slug = factory.Sequence(lambda n: f"thu-doan-{n}")
    summary = "Kẻ gian gọi điện giả danh cán bộ."
    steps = "Gọi điện\nYêu cầu chuyển tiền"
    red_flags = "Số lạ\nĐòi mã OTP"
    targets = "Người dân"
    impersonates = "Cán bộ"
    via_call = True
    what_to_do = "Không chuyển tiền"
    where_to_report = "Công an nơi gần nhất"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.save_scam_pattern(pattern=model_class(*args, **kwargs))


class DispatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispatch

    issuer = factory.SubFactory(OrganisationFactory)
    issuer_line = factory.LazyAttribute(lambda o: o.issuer.name.upper())
    number = factory.Sequence(lambda n: n + 1)
    symbol = "UBND-VP"
    place = "An Giang"
    year = 2025
    month = 10
    day = 6
    subject = factory.Sequence(lambda n: f"tuyên truyền phòng chống lừa đảo đợt {n}")
    body = "Thời gian gần đây xuất hiện thủ đoạn lừa đảo mới."
    signer_name = "Nguyễn Văn A"
    status = Dispatch.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Dispatch.Status.DRAFT, published_at=None)
        withdrawn = factory.Trait(
            status=Dispatch.Status.WITHDRAWN,
            withdrawn_on=factory.LazyFunction(timezone.localdate),
            withdrawal_reason="Ban hành nhầm, thay bằng văn bản khác.",
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Drafted, then published and withdrawn through the services (no receipt tracking:
        tests that follow receipts start it, or publish a draft themselves)."""
        status = kwargs.pop("status")
        published_at = kwargs.pop("published_at", None)
        withdrawn_on = kwargs.pop("withdrawn_on", None)
        reason = kwargs.pop("withdrawal_reason", "")
        if status != Dispatch.Status.DRAFT and kwargs.get("number") is None:
            kwargs.setdefault("unnumbered", True)  # published without a number: on purpose
        dispatch = services.create_draft(by=None, **kwargs)
        if status != Dispatch.Status.DRAFT:
            dispatch = services.publish_dispatch(
                dispatch=dispatch, at=published_at, track_receipts=False
            )
        if status == Dispatch.Status.WITHDRAWN:
            dispatch = services.withdraw_dispatch(
                dispatch=dispatch, by=None, reason=reason, on=withdrawn_on
            )
        return dispatch


class _DraftPartFactory(factory.django.DjangoModelFactory):
    """A printed part of a draft, added through save_draft_parts (a published dispatch's parts
    change only through a correction: build the draft's parts, then publish it)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Many-to-many values (members=[…], assignees=[…]) are set by the service too."""
        names = {f.name for f in model_class._meta.many_to_many}
        relations = {name: kwargs.pop(name) for name in names & set(kwargs)}
        part = model_class(*args, **kwargs)
        owner = part.citing if model_class is Reference else part.dispatch
        services.save_draft_parts(dispatch=owner, by=None, saved=[(part, relations)])
        return part


class AddresseeFactory(_DraftPartFactory):
    class Meta:
        model = Addressee

    dispatch = factory.SubFactory(DispatchFactory, draft=True)
    position = factory.Sequence(lambda n: n + 1)
    text = "Các Trạm Y tế"


class DistributionLineFactory(_DraftPartFactory):
    class Meta:
        model = DistributionLine

    dispatch = factory.SubFactory(DispatchFactory, draft=True)
    position = factory.Sequence(lambda n: n + 1)
    text = "Lưu: VT"


class DirectiveFactory(_DraftPartFactory):
    class Meta:
        model = Directive

    dispatch = factory.SubFactory(DispatchFactory, draft=True)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda o: f"{o.position}.")
    text = "Tăng cường tuyên truyền đến người dân."


class WarningMessageFactory(_DraftPartFactory):
    class Meta:
        model = WarningMessage

    dispatch = factory.SubFactory(DispatchFactory, draft=True)
    text = "Không cung cấp mã OTP cho bất kỳ ai."


class ReferenceFactory(_DraftPartFactory):
    class Meta:
        model = Reference

    citing = factory.SubFactory(DispatchFactory, draft=True)
    target = factory.SubFactory(DispatchFactory)
    kind = Reference.Kind.THUC_HIEN


class StaffUserFactory(factory.Factory):
    """A staff account made by create_staff_user, in a real role: StaffUserFactory(
    organisation=org, role="leader", includes_child_units=True)."""

    class Meta:
        model = dict  # built by the service, not by factory_boy

    username = factory.Sequence(lambda n: f"canbo{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "clerk"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = "mat-khau-can-bo-123"
    includes_child_units = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_staff_user(**kwargs)

    _build = _create


class SuperuserFactory(factory.django.DjangoModelFactory):
    """A superuser account (the site's administrator, outside any role): SuperuserFactory(
    username="quantri"). Made as `manage.py createsuperuser` makes it, through the manager."""

    class Meta:
        model = settings.AUTH_USER_MODEL

    username = factory.Sequence(lambda n: f"quantri{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = "mat-khau-dai-123"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class._default_manager.create_superuser(*args, **kwargs)


def DeliveryFactory(*, dispatch=None, organisation=None, **organisation_fields):
    """The delivery of a published dispatch to one unit, made as publishing makes them: the unit
    is addressed on a draft, which is then published with receipt tracking."""
    organisation = organisation or OrganisationFactory(
        email="tram@example.vn", **organisation_fields
    )
    if dispatch is None:
        dispatch = DispatchFactory(draft=True)
        services.save_draft_parts(
            dispatch=dispatch,
            by=None,
            saved=[(Addressee(dispatch=dispatch, position=1, organisation=organisation), {})],
        )
        services.publish_dispatch(dispatch=dispatch)
    else:
        services.create_deliveries(dispatch=dispatch)
    return Delivery.objects.get(dispatch=dispatch, organisation=organisation)


def ReceiptTokenFactory(*, delivery=None, days=None):
    """(delivery, raw token) of a personal link issued by the receipt service."""
    delivery = delivery or DeliveryFactory()
    return delivery, services.issue_token(delivery=delivery, days=days)


def AlertSubscriptionFactory(
    *, email="nguoidan@example.vn", target=None, frequency="immediate", confirm=True
):
    """A subscription to e-mail alerts asked for through the service the form calls and (by
    default) confirmed through its link's service, with the token the worker would mail."""
    from advisories.alerts.consent import CONSENT_VERSION, consent_text
    from advisories.alerts.sending import issue_confirm_token
    from advisories.models import AlertSubscription
    from advisories.services.alerts import (
        AlertTarget,
        confirm_subscription,
        request_subscription,
    )

    target = target or AlertTarget()
    request_subscription(
        email=email,
        target=target,
        frequency=frequency,
        consent_version=CONSENT_VERSION,
        consent_text=consent_text(),
    )
    subscription = AlertSubscription.objects.get(email=email, **target.fields())
    if confirm:
        confirm_subscription(token=issue_confirm_token(subscription_id=subscription.pk))
        subscription.refresh_from_db()
    return subscription


def SentAlertFactory(*, subscription=None, dispatch=None):
    """An alert of a dispatch's publication recorded as sent to a subscription, with the
    records the worker writes (no mail)."""
    from advisories.alerts.sending import claim, mark_sent
    from advisories.models import AlertEvent
    from advisories.services.alerts import record_alert_event

    subscription = subscription or AlertSubscriptionFactory()
    dispatch = dispatch or DispatchFactory()
    event = AlertEvent.objects.filter(dispatch=dispatch, kind="published").first()
    event = event or record_alert_event(dispatch=dispatch, kind=AlertEvent.Kind.PUBLISHED)
    [record] = claim(pairs=[(subscription.pk, event.pk)])
    mark_sent(ids=[record.pk])
    return record
