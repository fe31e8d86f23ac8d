from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo
from home.models import HomePage
from meetings import demo as meetings_demo
from plans import demo as plans_demo


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
            home = home_demo.load()
            meetings_demo.load(home)
            plans_demo.load(home)
            call_command("setup_roles", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
