import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from cms.roles import EDITORS, setup_roles

PASSWORD_FILE = Path(settings.BASE_DIR) / ".editor-password"


class Command(BaseCommand):
    help = (
        "Create the editor account once (a member of the group Redaktører, not a superuser) and "
        "print how to log in. The user name and password come from RADHUS_EDITOR_USERNAME and "
        "RADHUS_EDITOR_PASSWORD, or a password is generated and kept in .editor-password (not "
        "committed)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("RADHUS_EDITOR_USERNAME", "redaktor")
        password = os.environ.get("RADHUS_EDITOR_PASSWORD")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            if not password:
                password = secrets.token_urlsafe(12)
                PASSWORD_FILE.write_text(password + "\n")
                PASSWORD_FILE.chmod(0o600)
            user = user_model.objects.create_user(username=username, email="", password=password)
        elif not password and PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        user.groups.add(setup_roles()[EDITORS])
        self.stdout.write(f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write(f"  user name: {username}")
        self.stdout.write(
            f"  password:  {password or '(unchanged; set when the account was made)'}"
        )
        if user.is_superuser:
            self.stdout.write(
                f"  {username} is in the group {EDITORS}, and still a superuser from an earlier "
                "version (remove that in the admin's user settings)."
            )
        else:
            self.stdout.write(f"  {username} is an editor (group {EDITORS}), not a superuser.")
        self.stdout.write(
            "To manage users, groups and site settings, create a superuser with: "
            "python manage.py createsuperuser"
        )
