"""Publishing in one room: change kinds, the public version list and "last substantive change".

A *version* is a revision that was published: Wagtail writes a `wagtail.publish` (or, for
scheduled publishing, `wagtail.publish.scheduled`) log entry pointing at the revision each time
a page goes live. Drafts, revisions awaiting approval and revisions that were only scheduled
are never versions, so they never appear in the public history. The content of each version is
the revision itself, kept exactly as it was published: no second copy, and no rewriting.

"Last substantive change" of each version is derived from the history: the first version
carries the date in its content (an imported document may carry the date printed on it; empty
means "the first publication"), a substantive change is dated when it was published, and a
correction (or the same revision published again) keeps the date of the version before it.
The live page stores the value of its current version, set when it is published.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, Revision

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


class ChangeKind(models.TextChoices):
    """What an editor marks a publication as; only a substantive change moves the date."""

    SUBSTANTIVE = "substantive", _("Faglig endring")
    CORRECTION = "correction", _("Rettelse")


def change_kind_of(revision):
    kind = (revision.content or {}).get("change_kind")
    return kind if kind in ChangeKind.values else ChangeKind.SUBSTANTIVE


def stored_substantive_change(revision):
    """The "last substantive change" written in the revision's content (imports, demo data)."""
    value = (revision.content or {}).get("last_substantive_change_at")
    return parse_datetime(value) if isinstance(value, str) else value


@dataclass
class Version:
    """One published version of a page."""

    number: int
    revision: Revision
    published_at: datetime
    is_current: bool = False
    previous: "Version | None" = None
    substantive_change_at: datetime | None = None

    @property
    def revision_id(self):
        return self.revision.pk

    @property
    def change_note(self):
        return (self.revision.content or {}).get("change_note") or ""

    @property
    def change_kind(self):
        return change_kind_of(self.revision)

    @property
    def is_substantive(self):
        return self.change_kind == ChangeKind.SUBSTANTIVE

    @property
    def is_first(self):
        return self.previous is None

    @property
    def change_kind_label(self):
        if self.is_first:
            return _("Første versjon")
        return ChangeKind(self.change_kind).label

    @cached_property
    def page(self):
        """The page as it was published in this version (not saved anywhere)."""
        page = self.revision.as_object()
        page.last_substantive_change_at = self.substantive_change_at
        return page


def substantive_change_of(revision, published_at, previous):
    """The "last substantive change" of `revision` published at `published_at` after `previous`."""
    if previous is None:
        return stored_substantive_change(revision)
    if change_kind_of(revision) == ChangeKind.CORRECTION:
        return previous.substantive_change_at
    return published_at


def publish_log_entries(page_id):
    return (
        PageLogEntry.objects.filter(
            page_id=page_id, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .select_related("revision")
        .order_by("timestamp", "pk")
    )


def published_versions(page):
    """Every published version of `page`, oldest first, in one query.

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
        version = Version(len(versions) + 1, revision, published_at, previous=previous)
        version.substantive_change_at = substantive_change_of(revision, entry.timestamp, previous)
        versions.append(version)
    if versions and page.live:
        current = next(
            (v for v in versions if v.revision_id == page.live_revision_id), versions[-1]
        )
        current.is_current = True
    return versions


def find_version(versions, revision_id):
    """The version with `revision_id`, or None when that revision was never published."""
    return next((v for v in versions if v.revision_id == revision_id), None)


def record_substantive_change(sender, instance, revision, **kwargs):
    """`page_published` of a document page: store the date of the version that went live.

    Wagtail sends the signal before it logs the publication, so the versions read here are
    the ones before this one. Only the page row is updated; the revision stays as published.
    """
    if revision is None or not instance.live or instance.live_revision_id != revision.pk:
        return  # scheduled for later: handled when it goes live
    versions = published_versions(instance)
    previous = versions[-1] if versions else None
    if find_version(versions, revision.pk) is not None:
        value = previous.substantive_change_at  # the same revision published again
    else:
        value = substantive_change_of(revision, instance.last_published_at, previous)
    instance.last_substantive_change_at = value
    type(instance).objects.filter(pk=instance.pk).update(last_substantive_change_at=value)
