"""`python manage.py create_staff_user USERNAME --organisation SLUG --role clerk|leader`:
a staff account of one organisation. Asks for the password unless --no-password is given."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...models import Organisation
from ...services import create_staff_user
from ...services.staff import ROLES


class Command(BaseCommand):
    help = "Tạo tài khoản cán bộ (văn thư hoặc lãnh đạo) thuộc một cơ quan."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="Đường dẫn (slug) của cơ quan.")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--include-child-units",
            action="store_true",
            help="Phạm vi gồm cả các đơn vị trực thuộc (cho lãnh đạo).",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Không đặt mật khẩu (đặt sau bằng manage.py changepassword).",
        )

    def handle(self, *args, **options):
        try:
            organisation = Organisation.objects.get(slug=options["organisation"])
        except Organisation.DoesNotExist:
            message = f"Không có cơ quan với đường dẫn {options['organisation']!r}."
            raise CommandError(message) from None
        password = None
        if not options["no_password"]:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        if get_user_model().objects.filter(username=options["username"]).exists():
            raise CommandError(f"Tài khoản {options['username']!r} đã có.")
        user = create_staff_user(
            username=options["username"],
            organisation=organisation,
            role=options["role"],
            email=options["email"],
            password=password,
            includes_child_units=options["include_child_units"],
        )
        self.stdout.write(
            f"Đã tạo {user.username} ({ROLES[options['role']]}) thuộc {organisation.name}."
        )
