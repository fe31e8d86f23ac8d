from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

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
        # Wagtail updates an object's reference index on every save; a page is saved several
        # times here. Pages get theirs once, when the transaction commits (cms.indexing), and
        # documents and images below.
        with disable_reference_index_auto_update(), transaction.atomic():
            home = home_demo.load()
            meetings_demo.load(home)
            plans_demo.load(home)
            call_command("setup_roles", verbosity=0)
        for model in (get_document_model(), get_image_model()):
            for item in model.objects.all():
                ReferenceIndex.create_or_update_for_object(item)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
