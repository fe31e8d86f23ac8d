"""manage.py import_oparl URL [--since]: mirror bodies, people, meetings and papers (OParl 1.1)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from records.oparl import Mirror, OParlError


def since_value(text):
    value = parse_datetime(text)
    if value is None and parse_date(text) is not None:
        value = parse_datetime(text + "T00:00:00")
    if value is None:
        raise CommandError(f"--since: «{text}» er ikke en dato eller et tidspunkt (ISO 8601).")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class Command(BaseCommand):
    help = (
        "Speil organer, personer, medlemskap, møter med saksliste, saker og filer fra en "
        "OParl 1.1-server. Senere kjøringer henter bare det som er endret siden forrige gang."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="Adressen til OParl-systemet, for eksempel …/oparl/v1/")
        parser.add_argument(
            "--since",
            help="Hent møter og saker endret etter dette tidspunktet (ISO 8601) i stedet for "
            "etter forrige synkronisering",
        )

    def handle(self, *args, url, since=None, **options):
        since = since_value(since) if since else None
        try:
            mirror = Mirror(url, since=since, progress_stream=self.stderr._out).run()
        except OParlError as exc:
            raise CommandError(f"Kunne ikke lese OParl-serveren: {exc}") from exc
        importer = mirror.importer
        for message in importer.general_errors + mirror.download_errors:
            self.stderr.write(message)
        for label, field, message in importer.failures:
            self.stderr.write(f"{label}: {field or '(posten)'}: {message}")
        total = importer.totals()
        self.stdout.write(
            f"Opprettet {total['created']}, oppdatert {total['updated']}, uendret "
            f"{total['unchanged']}, feilet {total['failed']}, avpublisert {mirror.unpublished}."
        )
        if not importer.ok or mirror.download_errors:
            raise CommandError(
                "Noe ble ikke importert; neste kjøring prøver igjen fra samme tidspunkt."
            )
