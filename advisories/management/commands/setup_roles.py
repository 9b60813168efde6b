"""`python manage.py setup_roles`: create or repair the Văn thư and Lãnh đạo groups (idempotent;
`migrate` already does it)."""

from django.core.management.base import BaseCommand

from ...services import ensure_staff_roles


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật nhóm quyền Văn thư và Lãnh đạo."

    def handle(self, *args, **options):
        groups = ensure_staff_roles()
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} quyền")
