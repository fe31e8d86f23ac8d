"""The public version history of a document page, read from Wagtail's own records.

A *version* is a revision that was published: Wagtail writes a `wagtail.publish` (or, for
scheduled publishing, `wagtail.publish.scheduled`) log entry pointing at the revision each time
a page goes live. Drafts, revisions awaiting approval and revisions that were only scheduled
are never versions, so they never appear in the public history. The content of each version is
the revision itself: no second copy is kept.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, Revision

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")
SUBSTANTIVE = "substantive"
CORRECTION = "correction"
CHANGE_KIND_LABELS = {SUBSTANTIVE: _("Faglig endring"), CORRECTION: _("Rettelse")}


@dataclass
class Version:
    """One published version of a page."""

    number: int
    revision: Revision
    published_at: datetime
    is_current: bool = False
    previous: "Version | None" = None

    @property
    def revision_id(self):
        return self.revision.pk

    @property
    def change_note(self):
        return (self.revision.content or {}).get("change_note") or ""

    @property
    def change_kind(self):
        kind = (self.revision.content or {}).get("change_kind")
        return kind if kind in CHANGE_KIND_LABELS else SUBSTANTIVE

    @property
    def is_substantive(self):
        return self.change_kind == SUBSTANTIVE

    @property
    def is_first(self):
        return self.previous is None

    @property
    def change_kind_label(self):
        if self.is_first:
            return _("Første versjon")
        return CHANGE_KIND_LABELS[self.change_kind]

    @cached_property
    def page(self):
        """The page as it was published in this version (not saved anywhere)."""
        return self.revision.as_object()


def publish_log_entries(page_id):
    return (
        PageLogEntry.objects.filter(
            page_id=page_id, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .select_related("revision")
        .order_by("timestamp", "pk")
    )


def published_versions(page):
    """Every published version of `page`, oldest first (two queries at most: one here).

    The first version's date is the page's `first_published_at` when that is earlier than the
    log entry, since imported and demo documents carry the date printed on the original.
    """
    versions = []
    seen = set()
    for entry in publish_log_entries(page.pk):
        revision = entry.revision
        if revision is None or revision.pk in seen:
            continue  # purged revision, or the same revision published again
        seen.add(revision.pk)
        published_at = entry.timestamp
        if not versions and page.first_published_at and page.first_published_at < published_at:
            published_at = page.first_published_at
        previous = versions[-1] if versions else None
        versions.append(Version(len(versions) + 1, revision, published_at, previous=previous))
    if versions and page.live:
        current = next(
            (v for v in versions if v.revision_id == page.live_revision_id), versions[-1]
        )
        current.is_current = True
    return versions


def find_version(versions, revision_id):
    """The version with `revision_id`, or None when that revision was never published."""
    return next((v for v in versions if v.revision_id == revision_id), None)


NOT_KNOWN = object()


def substantive_change_after_publish(page, revision, before=NOT_KNOWN):
    """The "last substantive change" a page should carry once `revision` has been published.

    `before` is the value the page had just before this publication. The first publication
    keeps the value in its content (an imported document may carry the date printed on it;
    empty means "the first publication"). Later: a substantive change is dated now; a
    correction, or the same revision published again, keeps the value the page had.
    """
    previous_entries = [e for e in publish_log_entries(page.pk) if e.revision_id]
    if not previous_entries:
        return page.last_substantive_change_at
    republished = any(entry.revision_id == revision.pk for entry in previous_entries)
    if republished or (revision.content or {}).get("change_kind") == CORRECTION:
        if before is not NOT_KNOWN:
            return before
        previous = previous_entries[-1].revision
        if previous is None:
            return page.last_substantive_change_at
        value = (previous.content or {}).get("last_substantive_change_at")
        return parse_datetime(value) if isinstance(value, str) else value
    return page.last_published_at
