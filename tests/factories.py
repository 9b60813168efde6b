"""factory_boy factories for the domain models."""

import factory
from django.utils import timezone

from advisories.models import (
    Addressee,
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


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    dispatch = factory.SubFactory(DispatchFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Các Trạm Y tế"


class DistributionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistributionLine

    dispatch = factory.SubFactory(DispatchFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Lưu: VT"


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    dispatch = factory.SubFactory(DispatchFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda o: f"{o.position}.")
    text = "Tăng cường tuyên truyền đến người dân."


class WarningMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WarningMessage

    dispatch = factory.SubFactory(DispatchFactory)
    text = "Không cung cấp mã OTP cho bất kỳ ai."


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    citing = factory.SubFactory(DispatchFactory)
    target = factory.SubFactory(DispatchFactory)
    kind = Reference.Kind.THUC_HIEN
