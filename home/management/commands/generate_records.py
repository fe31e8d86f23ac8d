"""Generate realistic records in bulk for load tests: `manage.py generate_records --cases 10000`."""

import datetime
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.generate import Generator


class Command(BaseCommand):
    help = (
        "Generate bodies with members, meetings with agendas, invitations and minutes, cases "
        "with case flow and attachments, and plans, below the existing home page (run "
        "load_demo first). Deterministic for a given --seed and --anchor."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=50)
        parser.add_argument("--meetings", type=int, default=20)
        parser.add_argument("--plans", type=int, default=5)
        parser.add_argument("--bodies", type=int, default=4)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--anchor",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date meetings are spread around (YYYY-MM-DD); default today.",
        )
        parser.add_argument("--no-index", action="store_true", help="Skip update_index at the end.")

    def handle(self, *args, **options):
        if options["bodies"] < 1 and (options["cases"] or options["meetings"]):
            raise CommandError("Cases and meetings need at least one body (--bodies).")
        start = time.perf_counter()
        generator = Generator(seed=options["seed"], anchor=options["anchor"])
        try:
            counts = generator.generate(
                bodies=options["bodies"],
                meetings=options["meetings"],
                cases=options["cases"],
                plans=options["plans"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        generated = time.perf_counter() - start
        self.stdout.write(
            ", ".join(f"{value} {name}" for name, value in counts.items())
            + f" generated in {generated:.1f} s"
        )
        if not options["no_index"]:
            start = time.perf_counter()
            call_command("update_index", verbosity=0)
            self.stdout.write(f"Search index updated in {time.perf_counter() - start:.1f} s")
