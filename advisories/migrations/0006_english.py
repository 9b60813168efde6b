"""English beside the Vietnamese: the English texts of the scam patterns, the English summary
of a dispatch, and the patterns' own search text (filled here for the patterns already there).

On SQLite, adding a column with a default makes Django rebuild advisories_dispatch, which drops
the hand-written list index of 0002: it is created again here.
"""

import importlib

from django.db import migrations, models

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


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0005_sitemap_lastmod_indexes"),
    ]

    operations = [
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
    ]
