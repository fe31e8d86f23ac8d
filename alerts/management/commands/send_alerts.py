"""Drain the alert outbox: `manage.py send_alerts` (every minute) and `--digest` (daily)."""

from django.core.management.base import BaseCommand

from alerts.outbox import purge, queue_publications, send_digests, send_due


class Command(BaseCommand):
    help = (
        "Match new publications to subscriptions and send due alert e-mails and confirmations. "
        "Failed messages stay queued and are retried with exponential backoff. Expired "
        "unconfirmed subscriptions and old sent messages are deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Also send the daily digests (run once a day).",
        )

    def handle(self, *args, digest=False, **options):
        queued = queue_publications()
        sent, failed = send_due()
        if digest:
            digest_sent, digest_failed = send_digests()
            sent += digest_sent
            failed += digest_failed
        purge()
        self.stdout.write(f"queued {queued}, sent {sent}, failed {failed}")
