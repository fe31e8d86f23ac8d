from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump -Fc; SQLite: the online backup API) and the "
        "media on disk into an empty folder, while the site runs. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write the backup (created; must be empty)")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = manifest["media"] or "no media on local disk"
        self.stdout.write(f"Backed up the {manifest['database']} database and {media} to {folder}.")
