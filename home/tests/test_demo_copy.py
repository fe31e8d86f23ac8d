"""The tests' copy of the demo (`demo_copy`, conftest.DemoCopy) is what `load_demo` writes.

Most tests that need the demo take the copy, which is put in place in a fraction of a second;
this test shows that it holds the same site as running `load_demo` in the test database.
"""

from django.core.management import call_command
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from meetings.models import BodyMember, FollowUp, Person


def day(rows):
    """Rows with their datetimes cut to the day: what the demo does not back-date carries the
    time it was loaded (the copy was loaded at the start of the test run)."""
    return sorted(
        tuple(value.date() if hasattr(value, "date") else value for value in row) for row in rows
    )


def site_contents():
    """What the demo holds, without the ids the database hands out."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM wagtailsearch_indexentry")
        index_entries = cursor.fetchone()[0]
    return {
        "pages": day(
            Page.objects.values_list(
                "path",
                "title",
                "slug",
                "live",
                "content_type__model",
                "first_published_at",
                "last_published_at",
            )
        ),
        "revisions": day(Revision.objects.values_list("object_str", "created_at")),
        "log": day(PageLogEntry.objects.values_list("action", "label", "timestamp")),
        "people": sorted(Person.objects.values_list("name", "phone", "email")),
        "members": sorted(BodyMember.objects.values_list("page__slug", "person__name", "role")),
        "follow_ups": sorted(
            FollowUp.objects.values_list("page__slug", "item_number", "action", "status")
        ),
        "documents": sorted(get_document_model().objects.values_list("title", "file_hash")),
        "references": ReferenceIndex.objects.count(),
        "index_entries": index_entries,
        # Through the full-text index (SQLite's FTS5 table, PostgreSQL's tsvector).
        "found": {
            word: sorted(page.title for page in Page.objects.live().search(word))
            for word in ("budsjett", "kompetanse", "Driftskomiteen")
        },
    }


def test_the_demo_copy_is_what_load_demo_writes(db, demo_copy):
    call_command("load_demo", verbosity=0)
    loaded = site_contents()
    assert all(loaded["found"].values())
    home = demo_copy.put()
    assert home.url == "/"
    assert site_contents() == loaded
    # And the copy is a demo that load_demo recognises: running it again changes nothing.
    call_command("load_demo", verbosity=0)
    assert site_contents() == loaded
