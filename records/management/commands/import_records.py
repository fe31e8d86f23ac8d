"""manage.py import_records FILE [--dry-run]: read the records JSON format into the site."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.importer import KIND_LABELS, Importer


class Command(BaseCommand):
    help = (
        "Importer organer, personer, møter, referater, saker og planer fra JSON "
        "(se docs/import-format.md). Hver post importeres for seg; poster med feil hoppes over."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON-fil i formatet fra export_records")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontroller og vis resultatet uten å lagre"
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Kan ikke lese {path}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})"
            ) from exc
        importer = Importer(
            data, base_dir=path.parent, dry_run=dry_run, progress_stream=self.stderr._out
        ).run()
        if importer.general_errors:
            for message in importer.general_errors:
                self.stderr.write(message)
            raise CommandError("Filen følger ikke formatet; ingenting er importert.")
        for label, field, message in importer.failures:
            self.stderr.write(f"{label}: {field or '(posten)'}: {message}")
        self.stdout.write(
            ("Prøvekjøring, ingenting er lagret.\n" if dry_run else "") + self.summary(importer)
        )
        failed = importer.totals()["failed"]
        if failed:
            raise CommandError(f"{failed} poster feilet og ble hoppet over.")

    @staticmethod
    def summary(importer):
        lines = []
        names = [
            ("created", "opprettet"),
            ("updated", "oppdatert"),
            ("unchanged", "uendret"),
            ("failed", "feilet"),
        ]
        for kind, counts in importer.counts.items():
            if counts:
                parts = ", ".join(f"{counts[key]} {label}" for key, label in names)
                lines.append(f"{KIND_LABELS[kind]}: {parts}")
        total = importer.totals()
        lines.append("Totalt: " + ", ".join(f"{total[key]} {label}" for key, label in names))
        return "\n".join(lines)
