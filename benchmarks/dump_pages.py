"""Save the HTML of every public detail page of the demo, to compare two versions of the code.

Renders, with Django's test client and the page cache off, every live case, meeting,
invitation, minutes and plan page, every body page, a few tag pages, a search, home and the
calendar, and writes each response to OUTDIR (CSRF tokens blanked, nothing else changed). Run
it from two checkouts on the same database and compare:

    export DATABASE_URL=sqlite:////tmp/demo.sqlite3
    .venv/bin/python benchmarks/dump_pages.py /tmp/before    # in one checkout
    .venv/bin/python benchmarks/dump_pages.py /tmp/after     # in the other
    diff -r /tmp/before /tmp/after

Without DATABASE_URL it builds a throw-away SQLite database with the demo content (then the
two runs compare different databases: set DATABASE_URL to compare like with like).
"""

import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="radhus-dump-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/dump.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{tmp}/media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from taggit.models import Tag

    from meetings.models import BodyPage, CasePage, InvitationPage, MeetingPage, MinutesPage
    from plans.models import PlanPage

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    urls = []
    for model in (CasePage, MeetingPage, InvitationPage, MinutesPage, PlanPage, BodyPage):
        urls += [
            (f"{model.__name__}-{page.pk}", page.url)
            for page in model.objects.live().public().order_by("pk")
        ]
    urls += [(f"tag-{tag.pk}", f"/tema/{tag.slug}/") for tag in Tag.objects.order_by("pk")[:5]]
    urls += [("search", "/sok/?q=plan"), ("home", "/"), ("calendar", "/kalender/")]

    out.mkdir(parents=True, exist_ok=True)
    client = Client()
    for name, url in urls:
        client.get(url)  # the first request fills the shared caches; compare the second
        response = client.get(url)
        html = CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())
        (out / f"{name}.html").write_text(f"{url} {response.status_code}\n{html}")
    print(f"{len(urls)} pages written to {out}")


if __name__ == "__main__":
    main()
