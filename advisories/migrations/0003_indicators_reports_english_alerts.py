"""Indicators, citizens' scam reports, the sitemap's lastmod indexes, the English texts and
e-mail alerts.

English beside the Vietnamese: the English texts of the scam patterns, the English summary
of a dispatch, and the patterns' own search text (filled here for the patterns already there).

On SQLite, adding a column with a default makes Django rebuild advisories_dispatch, which drops
the hand-written list index of 0002: it is created again here.
"""

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import advisories.models.reports
from advisories.text import index_text

_0002 = importlib.import_module("advisories.migrations.0002_search_and_list_indexes")
# ScamPattern.SEARCHED as of this migration (the English ones are blank yet).
_PATTERN_SEARCHED = ("name", "summary", "red_flags", "targets", "impersonates")


def fill_pattern_search_text(apps, schema_editor):
    ScamPattern = apps.get_model("advisories", "ScamPattern")
    for pattern in ScamPattern.objects.all():
        words = index_text(" ".join(getattr(pattern, name) for name in _PATTERN_SEARCHED))
        ScamPattern.objects.filter(pk=pattern.pk).update(search_text=f" {words} ")


def restore_sqlite_list_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(_0002.SQLITE_LIST_INDEX)


def official_hotlines(apps, schema_editor):
    """The hotlines already on record become official numbers, as save_organisation now keeps
    them (the normaliser is a pure function of the text: safe to call from a migration)."""
    from advisories.indicators.normalize import phone_value

    organisation_model = apps.get_model("advisories", "Organisation")
    indicator_model = apps.get_model("advisories", "Indicator")
    for organisation in organisation_model.objects.exclude(hotline=""):
        value = phone_value(organisation.hotline)
        if value:
            indicator, _ = indicator_model.objects.get_or_create(
                kind="phone", value=value, bank="", defaults={"label": organisation.hotline}
            )
            indicator.official_for.add(organisation)


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0002_search_and_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # --- from 0003_indicators
        migrations.CreateModel(
            name="Indicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("phone", "Số điện thoại"),
                            ("domain", "Trang web, đường link"),
                            ("bank_account", "Tài khoản ngân hàng"),
                            ("app", "Ứng dụng"),
                            ("sender", "Tên người gửi tin nhắn"),
                        ],
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                (
                    "value",
                    models.CharField(
                        help_text="Số điện thoại dạng +84…, tên miền chính, số tài khoản chỉ gồm chữ số, tên ứng dụng không dấu.",
                        max_length=255,
                        verbose_name="giá trị chuẩn hóa",
                    ),
                ),
                ("label", models.CharField(max_length=255, verbose_name="cách ghi trong văn bản")),
                ("bank", models.CharField(blank=True, max_length=120, verbose_name="ngân hàng")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                (
                    "dispatches",
                    models.ManyToManyField(
                        blank=True,
                        related_name="indicators",
                        to="advisories.dispatch",
                        verbose_name="văn bản nêu dấu hiệu",
                    ),
                ),
                (
                    "official_for",
                    models.ManyToManyField(
                        blank=True,
                        related_name="official_indicators",
                        to="advisories.organisation",
                        verbose_name="số chính thức của cơ quan",
                    ),
                ),
            ],
            options={
                "verbose_name": "dấu hiệu lừa đảo",
                "verbose_name_plural": "dấu hiệu lừa đảo",
                "ordering": ["kind", "value"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "value", "bank"), name="indicator_unique_value"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value", ""), _negated=True),
                        name="indicator_value_not_blank",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["phone", "domain", "bank_account", "app", "sender"])
                        ),
                        name="indicator_kind_known",
                    ),
                ],
            },
        ),
        migrations.RunPython(official_hotlines, migrations.RunPython.noop),
        # --- from 0004_scam_reports
        migrations.CreateModel(
            name="ScamReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code_hash",
                    models.CharField(
                        editable=False, max_length=64, unique=True, verbose_name="mã tra cứu (băm)"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "Mới"),
                            ("verifying", "Đang xác minh"),
                            ("forwarded", "Đã chuyển cơ quan công an"),
                            ("closed", "Đã đóng"),
                        ],
                        default="new",
                        max_length=20,
                        verbose_name="trạng thái",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("call", "Cuộc gọi điện thoại"),
                            ("sms", "Tin nhắn SMS"),
                            ("social", "Mạng xã hội, Zalo, Messenger"),
                            ("link", "Trang web, đường link"),
                            ("app", "Ứng dụng cài trên điện thoại"),
                            ("other", "Khác"),
                        ],
                        max_length=20,
                        verbose_name="kênh kẻ gian dùng",
                    ),
                ),
                (
                    "used",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        verbose_name="số điện thoại, đường link, tài khoản kẻ gian dùng",
                    ),
                ),
                (
                    "amount_lost",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="số tiền bị mất (đồng)"
                    ),
                ),
                ("province", models.CharField(max_length=80, verbose_name="tỉnh, thành phố")),
                ("what_happened", models.TextField(blank=True, verbose_name="sự việc")),
                (
                    "contact",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="liên hệ của người phản ánh"
                    ),
                ),
                (
                    "consent_text",
                    models.TextField(verbose_name="nội dung đồng ý người phản ánh đã đọc"),
                ),
                ("consented_at", models.DateTimeField(verbose_name="đồng ý lúc")),
                (
                    "passed_challenge",
                    models.BooleanField(
                        default=False,
                        help_text="Gửi không có JavaScript: chưa qua.",
                        verbose_name="đã qua thử thách chống spam",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="gửi lúc"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật")),
                (
                    "personal_data_erased_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="đã xóa dữ liệu cá nhân lúc"
                    ),
                ),
                (
                    "verified",
                    models.BooleanField(
                        default=False,
                        help_text="Chỉ phản ánh đã xác minh được đếm trong trang Kiểm tra.",
                        verbose_name="đã xác minh",
                    ),
                ),
                ("staff_notes", models.TextField(blank=True, verbose_name="ghi chú của cán bộ")),
                (
                    "indicators",
                    models.ManyToManyField(
                        blank=True,
                        related_name="reports",
                        to="advisories.indicator",
                        verbose_name="dấu hiệu",
                    ),
                ),
                (
                    "pattern",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to="advisories.scampattern",
                        verbose_name="thủ đoạn",
                    ),
                ),
            ],
            options={
                "verbose_name": "phản ánh lừa đảo",
                "verbose_name_plural": "phản ánh lừa đảo",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ReportScreenshot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "image",
                    models.FileField(
                        upload_to=advisories.models.reports.screenshot_path,
                        verbose_name="ảnh chụp màn hình (đã xóa EXIF)",
                    ),
                ),
                ("width", models.PositiveIntegerField(verbose_name="rộng")),
                ("height", models.PositiveIntegerField(verbose_name="cao")),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="screenshots",
                        to="advisories.scamreport",
                        verbose_name="phản ánh",
                    ),
                ),
            ],
            options={
                "verbose_name": "ảnh chụp màn hình",
                "verbose_name_plural": "ảnh chụp màn hình",
                "ordering": ["pk"],
            },
        ),
        migrations.AddIndex(
            model_name="scamreport",
            index=models.Index(fields=["province", "status"], name="scamreport_queue"),
        ),
        migrations.AddConstraint(
            model_name="scamreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["new", "verifying", "forwarded", "closed"])),
                name="scamreport_status_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="scamreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("channel__in", ["call", "sms", "social", "link", "app", "other"])
                ),
                name="scamreport_channel_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="scamreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("province", ""), _negated=True),
                name="scamreport_province_given",
            ),
        ),
        # --- from 0005_sitemap_lastmod_indexes
        migrations.AddIndex(
            model_name="dispatch",
            index=models.Index(fields=["updated_at"], name="dispatch_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="dispatch",
            index=models.Index(fields=["issuer", "updated_at"], name="dispatch_issuer_updated_idx"),
        ),
        # --- from 0006_english
        # Backwards, removing summary_en rebuilds the table again: the index comes back after.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_list_index),
        migrations.AddField(
            model_name="dispatch",
            name="summary_en",
            field=models.TextField(
                blank=True,
                help_text="Vài câu tiếng Anh cho người đọc trang /en/ (thủ đoạn gì, ai bị nhắm tới, cần làm gì), hiện phía trên văn bản gốc; văn bản vẫn giữ nguyên tiếng Việt.",
                verbose_name="tóm tắt tiếng Anh",
            ),
        ),
        migrations.AddField(
            model_name="historicaldispatch",
            name="summary_en",
            field=models.TextField(
                blank=True,
                help_text="Vài câu tiếng Anh cho người đọc trang /en/ (thủ đoạn gì, ai bị nhắm tới, cần làm gì), hiện phía trên văn bản gốc; văn bản vẫn giữ nguyên tiếng Việt.",
                verbose_name="tóm tắt tiếng Anh",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="impersonates_en",
            field=models.CharField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt.",
                max_length=255,
                verbose_name="kẻ gian giả danh (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt.",
                max_length=200,
                verbose_name="tên thủ đoạn (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="red_flags_en",
            field=models.TextField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt. Mỗi dòng một mục, cùng thứ tự với bản tiếng Việt.",
                verbose_name="dấu hiệu nhận biết (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="search_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Các từ không dấu, chữ thường của tên, tóm tắt, dấu hiệu, đối tượng và kẻ giả danh, cả tiếng Việt và tiếng Anh, có dấu cách ở hai đầu; do save_scam_pattern cập nhật.",
                verbose_name="nội dung tìm kiếm",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="steps_en",
            field=models.TextField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt. Mỗi dòng một mục, cùng thứ tự với bản tiếng Việt.",
                verbose_name="cách thức diễn ra (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="summary_en",
            field=models.TextField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt.",
                verbose_name="tóm tắt (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="targets_en",
            field=models.CharField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt.",
                max_length=255,
                verbose_name="đối tượng bị nhắm tới (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="what_to_do_en",
            field=models.TextField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt. Mỗi dòng một mục, cùng thứ tự với bản tiếng Việt.",
                verbose_name="cần làm gì (tiếng Anh)",
            ),
        ),
        migrations.AddField(
            model_name="scampattern",
            name="where_to_report_en",
            field=models.TextField(
                blank=True,
                help_text="Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt. Mỗi dòng một mục, cùng thứ tự với bản tiếng Việt.",
                verbose_name="báo ở đâu (tiếng Anh)",
            ),
        ),
        migrations.RunPython(restore_sqlite_list_index, migrations.RunPython.noop),
        migrations.RunPython(fill_pattern_search_text, migrations.RunPython.noop),
        # --- from 0003_alerts
        migrations.CreateModel(
            name="AlertEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("published", "Ban hành"),
                            ("withdrawn", "Thu hồi"),
                            ("corrected", "Đính chính"),
                        ],
                        max_length=12,
                        verbose_name="sự kiện",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="lúc"
                    ),
                ),
                (
                    "correction",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="advisories.correction",
                        verbose_name="đính chính",
                    ),
                ),
                (
                    "dispatch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alert_events",
                        to="advisories.dispatch",
                        verbose_name="văn bản",
                    ),
                ),
            ],
            options={
                "verbose_name": "sự kiện cần cảnh báo",
                "verbose_name_plural": "sự kiện cần cảnh báo",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="AlertSubscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="thư điện tử")),
                (
                    "target",
                    models.CharField(
                        choices=[
                            ("all", "mọi văn bản cảnh báo"),
                            ("pattern", "một thủ đoạn lừa đảo"),
                            ("organisation", "một cơ quan và các đơn vị trực thuộc"),
                            ("province", "một tỉnh, thành phố"),
                        ],
                        max_length=16,
                        verbose_name="nhận cảnh báo về",
                    ),
                ),
                (
                    "province",
                    models.CharField(blank=True, max_length=80, verbose_name="tỉnh, thành phố"),
                ),
                (
                    "frequency",
                    models.CharField(
                        choices=[("immediate", "Ngay lập tức"), ("daily", "Tóm tắt hằng ngày")],
                        max_length=12,
                        verbose_name="tần suất",
                    ),
                ),
                ("language", models.CharField(default="vi", max_length=8, verbose_name="ngôn ngữ")),
                (
                    "consent_version",
                    models.CharField(max_length=16, verbose_name="phiên bản lời đồng ý"),
                ),
                (
                    "consent_text",
                    models.TextField(
                        help_text="Nguyên văn nội dung người đăng ký đã đọc và đồng ý.",
                        verbose_name="lời đồng ý đã hiển thị",
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="Lần gửi yêu cầu gần nhất.",
                        verbose_name="đồng ý lúc",
                    ),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="xác nhận lúc"),
                ),
                (
                    "confirm_hash",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        null=True,
                        unique=True,
                        verbose_name="mã băm đường dẫn xác nhận",
                    ),
                ),
                (
                    "unsubscribe_nonce",
                    models.CharField(editable=False, max_length=32, verbose_name="khóa hủy"),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="advisories.organisation",
                        verbose_name="cơ quan",
                    ),
                ),
                (
                    "pattern",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="advisories.scampattern",
                        verbose_name="thủ đoạn",
                    ),
                ),
            ],
            options={
                "verbose_name": "đăng ký nhận cảnh báo",
                "verbose_name_plural": "đăng ký nhận cảnh báo qua thư",
                "ordering": ["-requested_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="SentAlert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("claim", models.CharField(db_index=True, max_length=32, verbose_name="lượt gửi")),
                (
                    "claimed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="nhận gửi lúc"
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="gửi xong lúc"),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sent",
                        to="advisories.alertevent",
                        verbose_name="sự kiện",
                    ),
                ),
                (
                    "subscription",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sent_alerts",
                        to="advisories.alertsubscription",
                        verbose_name="đăng ký",
                    ),
                ),
            ],
            options={
                "verbose_name": "cảnh báo đã gửi",
                "verbose_name_plural": "cảnh báo đã gửi",
                "ordering": ["-claimed_at", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="alertevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["published", "withdrawn", "corrected"])),
                name="alert_event_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("correction__isnull", False), ("kind", "corrected")),
                    models.Q(
                        models.Q(("kind", "corrected"), _negated=True), ("correction__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="alert_event_correction_iff_corrected",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "corrected"), _negated=True),
                fields=("dispatch", "kind"),
                name="alert_event_once_per_dispatch_and_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertevent",
            constraint=models.UniqueConstraint(
                fields=("correction",), name="alert_event_once_per_correction"
            ),
        ),
        migrations.AddIndex(
            model_name="alertsubscription",
            index=models.Index(fields=["email"], name="alert_subscription_email"),
        ),
        migrations.AddIndex(
            model_name="alertsubscription",
            index=models.Index(
                condition=models.Q(("confirmed_at__isnull", True)),
                fields=["requested_at"],
                name="alert_subscription_unconfirmed",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.CheckConstraint(
                condition=models.Q(("target__in", ["all", "pattern", "organisation", "province"])),
                name="alert_subscription_target_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.CheckConstraint(
                condition=models.Q(("frequency__in", ["immediate", "daily"])),
                name="alert_subscription_frequency_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("organisation__isnull", True),
                        ("pattern__isnull", True),
                        ("province", ""),
                        ("target", "all"),
                    ),
                    models.Q(
                        ("organisation__isnull", True),
                        ("pattern__isnull", False),
                        ("province", ""),
                        ("target", "pattern"),
                    ),
                    models.Q(
                        ("organisation__isnull", False),
                        ("pattern__isnull", True),
                        ("province", ""),
                        ("target", "organisation"),
                    ),
                    models.Q(
                        ("organisation__isnull", True),
                        ("pattern__isnull", True),
                        ("target", "province"),
                        models.Q(("province", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="alert_subscription_target_fields",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("consent_text", ""), _negated=True),
                    models.Q(("consent_version", ""), _negated=True),
                ),
                name="alert_subscription_has_consent",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.UniqueConstraint(
                condition=models.Q(("target", "all")),
                fields=("email",),
                name="alert_once_per_email_all",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.UniqueConstraint(
                condition=models.Q(("target", "pattern")),
                fields=("email", "pattern"),
                name="alert_once_per_email_pattern",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.UniqueConstraint(
                condition=models.Q(("target", "organisation")),
                fields=("email", "organisation"),
                name="alert_once_per_email_organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="alertsubscription",
            constraint=models.UniqueConstraint(
                condition=models.Q(("target", "province")),
                fields=("email", "province"),
                name="alert_once_per_email_province",
            ),
        ),
        migrations.AddConstraint(
            model_name="sentalert",
            constraint=models.UniqueConstraint(
                fields=("subscription", "event"), name="sent_alert_once_per_subscription_and_event"
            ),
        ),
        migrations.AddField(
            model_name="scamreport",
            name="submission_key",
            field=models.CharField(
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="khóa biểu mẫu đã gửi",
            ),
        ),
        migrations.CreateModel(
            name="ScanImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=32, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("data", models.BinaryField()),
                ("pages", models.PositiveIntegerField(default=1)),
                ("pages_done", models.PositiveIntegerField(default=0)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "đang chờ"),
                            ("running", "đang đọc"),
                            ("done", "đã đọc xong"),
                            ("failed", "không đọc được"),
                        ],
                        default="queued",
                        max_length=8,
                    ),
                ),
                ("error", models.TextField(blank=True)),
                ("reading", models.JSONField(blank=True, null=True)),
                ("crops", models.JSONField(blank=True, default=dict)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "bản scan đang nhập",
                "verbose_name_plural": "bản scan đang nhập",
            },
        ),
    ]
