import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".editor-password"


class Command(BaseCommand):
    help = (
        "Create the editor account once and print how to log in. The user name and password "
        "come from RADHUS_EDITOR_USERNAME and RADHUS_EDITOR_PASSWORD, or a password is "
        "generated and kept in .editor-password (not committed)."
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
            user_model.objects.create_superuser(username=username, email="", password=password)
        elif not password and PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
        self.stdout.write(f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write(f"  user name: {username}")
        self.stdout.write(
            f"  password:  {password or '(unchanged; set when the account was made)'}"
        )
