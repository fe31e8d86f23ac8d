from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo
from home.models import HomePage


class Command(BaseCommand):
    help = "Build the demo site from the five source documents. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has content (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("The site already has content; demo content not loaded.")
            return
        with transaction.atomic():
            home_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
