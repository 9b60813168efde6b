"""`manage.py generate_corpus --dispatches N --organisations M [--seed S]`: a corpus to measure."""

import time

from django.core.management.base import BaseCommand, CommandError

from corpus.generator import corpus_exists, delete_corpus, generate_corpus
from corpus.indicators import delete_corpus_indicators, generate_indicators


class Command(BaseCommand):
    help = "Sinh kho văn bản giả lập (tiếng Việt, có chuỗi chuyển tiếp) để đo tốc độ."

    def add_arguments(self, parser):
        parser.add_argument("--dispatches", type=int, required=True)
        parser.add_argument("--organisations", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--indicators",
            type=int,
            default=0,
            help="Số dấu hiệu lừa đảo gắn vào các văn bản sinh ra (kèm phản ánh đã xác minh).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Xóa kho đã sinh với cùng seed trước."
        )

    def handle(self, *args, dispatches, organisations, seed, replace, indicators, **options):
        if dispatches < 1 or organisations < 1:
            raise CommandError("Số văn bản và số cơ quan phải lớn hơn 0.")
        if indicators < 0:
            raise CommandError("Số dấu hiệu không được âm.")
        if corpus_exists(seed):
            if not replace:
                raise CommandError(
                    f"Đã có kho sinh với seed {seed}: thêm --replace để sinh lại, hoặc đổi seed."
                )
            delete_corpus_indicators(seed=seed)
            delete_corpus(seed=seed)
        started = time.monotonic()
        log = self.stdout.write if options["verbosity"] > 1 else (lambda _: None)
        report = generate_corpus(
            dispatches=dispatches, organisations=organisations, seed=seed, log=log
        )
        if indicators:
            signs, reports = generate_indicators(count=indicators, seed=seed, log=log)
            self.stdout.write(f"Đã gắn {signs} dấu hiệu, {reports} phản ánh đã xác minh.")
        self.stdout.write(
            f"Đã sinh {report.dispatches} văn bản, {report.organisations} cơ quan, "
            f"{report.references} dẫn chiếu trong {time.monotonic() - started:.1f} giây."
        )
