"""manage.py export_records [FILE]: every record of the site as JSON (docs/import-format.md)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from records.export import Exporter


class Command(BaseCommand):
    help = (
        "Eksporter organer, personer, møter, referater, saker og planer som JSON. Filen "
        "inneholder også innhold unntatt offentlighet og er fortrolig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="JSON-fil (uten: standard ut, med filene innebygd)"
        )
        parser.add_argument(
            "--embed-files",
            action="store_true",
            help="Legg vedleggene i JSON-filen (base64) i stedet for i en mappe ved siden av",
        )

    def handle(self, *args, file=None, embed_files=False, **options):
        if file is None or file == "-":
            data = Exporter().build()
            json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return
        path = Path(file)
        files_dir = None if embed_files else f"{path.stem}-filer"
        exporter = Exporter(files_dir=files_dir, base_dir=path.parent)
        data = exporter.build()
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts = ", ".join(
            f"{len(data[key])} {key}" for key in ("people", "bodies", "meetings", "cases", "plans")
        )
        self.stderr.write(f"Skrev {path} ({counts}). Filen er fortrolig: den har unntatt innhold.")
