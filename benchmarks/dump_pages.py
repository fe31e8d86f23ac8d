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

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.demo_site import set_up_demo  # noqa: E402 - after the path

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    set_up_demo("radhus-dump-")
    from django.test import Client
    from taggit.models import Tag

    from meetings.models import BodyPage, CasePage, InvitationPage, MeetingPage, MinutesPage
    from plans.models import PlanPage

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
