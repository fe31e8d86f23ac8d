"""Generate realistic records in bulk for load tests: `manage.py generate_records --cases 10000`."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
from wagtail.documents import get_document_model

from home.generate import Generator
from meetings.models import AgendaItem, CaseAttachment, CaseFlowStep, CasePage, MeetingPage

CHUNK = 500


def indexed_objects(model):
    """What `update_index` indexes for `model`, with the relations its search text reads.

    The search backend computes every search field of an object three times (title, body and
    autocomplete), and the search text of a case reads its case flow, proposal, attachments and
    their documents' text, that of a meeting its agenda and the linked cases: without these
    joins and prefetches that is about fifteen queries per object. The indexed text is the same.
    """
    queryset = model.get_indexed_objects().order_by("pk")
    if model is CasePage:
        queryset = queryset.select_related("case_officer", "rapporteur").prefetch_related(
            Prefetch("flow_steps", CaseFlowStep.objects.select_related("body", "meeting")),
            "proposal_points",
            Prefetch(
                "attachments",
                CaseAttachment.objects.select_related("document__extracted_text"),
            ),
        )
    elif model is MeetingPage:
        queryset = queryset.prefetch_related(
            Prefetch("agenda_items", AgendaItem.objects.select_related("case"))
        )
    elif model is get_document_model():
        queryset = queryset.select_related("collection").prefetch_related("tags")
    return queryset


def update_index(stdout=None):
    """Rebuild every search index as `manage.py update_index` does, in prefetched chunks."""
    counts = {}
    for backend in get_search_backends():
        if not backend.rebuilder_class:
            continue
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
            for model in models:
                queryset, last, count = indexed_objects(model), None, 0
                while True:
                    chunk = list(queryset.filter(pk__gt=last)[:CHUNK] if last else queryset[:CHUNK])
                    if not chunk:
                        break
                    index.add_items(model, chunk)
                    last, count = chunk[-1].pk, count + len(chunk)
                counts[model._meta.label] = count
            rebuilder.finish()
    return counts


class Command(BaseCommand):
    help = (
        "Generate bodies with members, meetings with agendas, invitations and minutes, cases "
        "with case flow and attachments, and plans, below the existing home page (run "
        "load_demo first), then rebuild the search index. Deterministic for a given --seed "
        "and --anchor."
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
        parser.add_argument("--no-index", action="store_true", help="Skip the search index.")
        parser.add_argument(
            "--index-only",
            action="store_true",
            help="Generate nothing; rebuild the search index (what update_index does, faster).",
        )

    def handle(self, *args, **options):
        if not options["index_only"]:
            self.generate(options)
        if not options["no_index"]:
            start = time.perf_counter()
            counts = update_index()
            self.stdout.write(
                f"Search index updated in {time.perf_counter() - start:.1f} s "
                f"({sum(counts.values())} objects)"
            )

    def generate(self, options):
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
