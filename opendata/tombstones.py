"""Keep `Tombstone` rows true: an OParl object that was public and is not any more has one.

Whatever moves a page (publish, unpublish, a view restriction added or removed) calls
`sync_subtree(page)`: every OParl object in the page's subtree (bodies, memberships, meetings,
agenda items, invitation and minutes Files, cases, consultations, attachment Files, and the
people they name) that was ever published is checked against the public querysets of
`opendata.oparl` (the same ones the lists use, over every site). Public objects lose their
tombstone; the others get one, dated when they left. Rows deleted with their page, or removed
from it in an edit, get theirs from `bury()` (opendata/signals.py).

A page never published leaves no tombstone: a client cannot have seen it.
"""

from collections import defaultdict

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page

from meetings.models import (
    AgendaItem,
    Attendance,
    BodyMember,
    BodyPage,
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    InvitationPage,
    MeetingPage,
    MinutesPage,
)

from .models import Tombstone
from .oparl import KINDS, Everywhere

PAGE_KINDS = {BodyPage: "organization", MeetingPage: "meeting", CasePage: "paper"}
ROW_KINDS = {
    BodyMember: "membership",
    AgendaItem: "agendaitem",
    CaseFlowStep: "consultation",
    CaseAttachment: "file",
}
PAGE_FILES = (InvitationPage, MinutesPage)
# The kinds that can have tombstones (Locations and LegislativeTerms are derived from meetings).
TOMBSTONE_KINDS = {*PAGE_KINDS.values(), *ROW_KINDS.values(), "person"}


def page_file_key(pk):
    return f"page-{pk}"


def subtree_objects(page):
    """{(kind, key): created} of the OParl objects in `page`'s subtree that were published."""
    pages = Page.objects.descendant_of(page, inclusive=True).filter(
        first_published_at__isnull=False
    )
    page_ids = pages.values("pk")
    found = {}
    for model, kind in PAGE_KINDS.items():
        rows = model.objects.filter(pk__in=page_ids).values_list("pk", "first_published_at")
        found.update({(kind, str(pk)): created for pk, created in rows})
    for model, kind in ROW_KINDS.items():
        rows = model.objects.filter(page_id__in=page_ids).values_list(
            "pk", "page__first_published_at"
        )
        found.update({(kind, str(pk)): created for pk, created in rows})
    for model in PAGE_FILES:
        rows = model.objects.filter(pk__in=page_ids).values_list("pk", "first_published_at")
        found.update({("file", page_file_key(pk)): created for pk, created in rows})
    members = BodyMember.objects.filter(page_id__in=page_ids)
    people = set(members.values_list("person_id", flat=True))
    people |= set(
        Attendance.objects.filter(page_id__in=page_ids, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    found.update({("person", str(pk)): None for pk in people if pk is not None})
    return found


def public_keys(keys):
    """The (kind, key) pairs of `keys` that the public OParl lists show now."""
    ctx = Everywhere()
    by_kind = defaultdict(set)
    for kind, key in keys:
        by_kind[kind].add(key)
    public = set()
    for kind, wanted in by_kind.items():
        if kind == "file":
            pages = {int(k.removeprefix("page-")) for k in wanted if k.startswith("page-")}
            shown = {page_file_key(pk) for pk in KINDS["file"](ctx).public_page_files(pages)}
            rows = [int(k) for k in wanted if k.isdigit()]
        else:
            shown, rows = set(), [int(k) for k in wanted]
        queryset = KINDS[kind](ctx).queryset().filter(pk__in=rows)
        shown |= {str(pk) for pk in queryset.values_list("pk", flat=True)}
        public |= {(kind, key) for key in shown}
    return public


def sync(objects):
    """Tombstones for the objects of `objects` ({(kind, key): created}) that are not public."""
    if not objects:
        return
    public = public_keys(objects)
    gone = {pair: created for pair, created in objects.items() if pair not in public}
    by_kind = defaultdict(list)
    for kind, key in public:
        by_kind[kind].append(key)
    for kind, keys in by_kind.items():
        Tombstone.objects.filter(oparl_type=kind, key__in=keys).delete()
    bury(gone)


def bury(objects):
    """Tombstones for `objects` ({(kind, key): created}); existing ones keep their date."""
    if not objects:
        return
    by_kind = defaultdict(list)
    for kind, key in objects:
        by_kind[kind].append(key)
    existing = set()
    for kind, keys in by_kind.items():
        existing |= {
            (kind, key)
            for key in Tombstone.objects.filter(oparl_type=kind, key__in=keys).values_list(
                "key", flat=True
            )
        }
    now = timezone.now()
    Tombstone.objects.bulk_create(
        [
            Tombstone(oparl_type=kind, key=key, created=created, deleted_at=now)
            for (kind, key), created in objects.items()
            if (kind, key) not in existing
        ],
        ignore_conflicts=True,
    )


def sync_subtree(page):
    sync(subtree_objects(page))


def sync_people(person_ids):
    """Tombstones for people no longer named anywhere public (and none for those who are)."""
    sync({("person", str(pk)): None for pk in person_ids if pk is not None})


def live_keys(queryset):
    """`queryset`'s primary keys as tombstone keys, for a subquery (tombstones never shadow
    a public object, whatever order the signals ran in)."""
    return queryset.annotate(tombstone_key=Cast("pk", output_field=CharField())).values(
        "tombstone_key"
    )
