from django.core.management.base import BaseCommand

from cms.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or complete the editor groups, per-body secretary and leader groups and the "
        "per-body approval workflows. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        if options["verbosity"]:
            for name in groups:
                self.stdout.write(f"  {name}")
            self.stdout.write(self.style.SUCCESS(f"{len(groups)} groups are in place."))
