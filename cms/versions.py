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

import copy
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import COMMENTS_RELATION_NAME, PageLogEntry, Revision

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

    # The page this is a version of, and the foreign key targets its versions share.
    current: models.Model | None = None
    targets: dict | None = None

    @cached_property
    def page(self):
        """The page as it was published in this version (not saved anywhere)."""
        if self.current is None:
            page = self.revision.as_object()
        else:
            page = page_from_revision(self.current, self.revision, self.targets)
        page.last_substantive_change_at = self.substantive_change_at
        return page


# Foreign keys of a page that `with_content_json` replaces with the current page's values:
# checking the revision's values against the database would be wasted queries.
FKS_KEPT_FROM_CURRENT = (
    "content_type",
    "owner",
    "locked_by",
    "latest_revision",
    "locale",
    "alias_of",
)


# Targets of foreign keys already read while building the versions of one request:
# {(model, attname): {value: object or None when missing}}.
_known_targets = ContextVar("known_targets", default=None)


@contextmanager
def known_targets(targets):
    token = _known_targets.set(targets)
    try:
        yield targets
    finally:
        _known_targets.reset(token)


def page_from_revision(current, revision, targets=None):
    """`revision` of the page `current` as a page object, as Wagtail's `as_object()` builds it.

    The same as `revision.as_object()` without reading the page again, without checking the
    foreign keys `with_content_json` overwrites anyway and without the editors' open comments
    (never shown to the public). The stored revision is not changed: the fields are left out
    of a copy of its content. `targets` (a dict) shares the foreign key targets read between
    the versions built in one request, as both sides of a diff.
    """
    content = {
        key: value
        for key, value in (revision.content or {}).items()
        if key not in FKS_KEPT_FROM_CURRENT
    }
    # A copy of the current page whose open comments are an empty in-memory list, so that
    # `with_content_json` does not read them; the current page itself is left untouched.
    parent = current.get_parent()  # read once, kept by treebeard for every version
    source = copy.copy(current)
    source._cluster_related_objects = dict(getattr(current, "_cluster_related_objects", {}))
    setattr(source, COMMENTS_RELATION_NAME, [])
    with known_targets(targets if targets is not None else {}):
        page = source.with_content_json(content)
    # The version's parent is the current page's parent (`with_content_json` keeps the tree
    # position), and its rows are the revision's: a prefetch of them must not read the
    # current rows from the database.
    page._cached_parent_obj = parent
    prefetched = page.__dict__.setdefault("_prefetched_objects_cache", {})
    for accessor in _child_rows(page):
        prefetched.setdefault(accessor, getattr(page, accessor).all())
    return page


def from_serializable_data_in_bulk(build, data, strict_fks=False):
    """modelcluster's `from_serializable_data` with its foreign key checks made in bulk.

    modelcluster checks every foreign key of the object and of each of its child rows with a
    query of its own, so that turning a revision with N rows into a page costs O(N) queries.
    `build(data, check_fks=False, strict_fks=...)` builds the object without checks; the keys
    are then checked here with one query per target model, with modelcluster's rules: a
    missing target with `on_delete=SET_NULL` (or CASCADE on the object itself) becomes None,
    a child row whose CASCADE target is missing is left out (as is the object itself when
    `strict_fks` is set), DO_NOTHING keeps the value. The targets found are kept as the
    related objects, so that reading `row.case` or `row.person` costs no query either.
    """
    obj = build(data, check_fks=False, strict_fks=strict_fks)
    if obj is None:
        return None
    # (instance, field) of every foreign key to check, the object's own and its rows'.
    links = []
    _collect_links(obj, links)
    known = _known_targets.get()
    found = known if known is not None else {}
    wanted = defaultdict(set)
    for instance, field in links:
        key = _target_key(field)
        value = getattr(instance, field.attname)
        if value not in found.get(key, {}):
            wanted[key].add(value)
    for (model, target_attname), values in wanted.items():
        targets = found.setdefault((model, target_attname), {})
        targets.update(dict.fromkeys(values))  # None: missing, unless found below
        for target in model._default_manager.filter(**{f"{target_attname}__in": values}):
            targets[getattr(target, target_attname)] = target
    dropped = set()
    for instance, field in links:
        target = found[_target_key(field)].get(getattr(instance, field.attname))
        if target is not None:
            field.set_cached_value(instance, target)
            continue
        on_delete = field.remote_field.on_delete
        if on_delete == models.DO_NOTHING:
            continue
        if on_delete == models.CASCADE:
            if instance is not obj or strict_fks:
                dropped.add(id(instance))
                continue
            setattr(instance, field.attname, None)
        elif on_delete == models.SET_NULL:
            setattr(instance, field.attname, None)
        else:
            raise Exception(
                "can't currently handle on_delete types other than CASCADE, SET_NULL and DO_NOTHING"
            )
    if id(obj) in dropped:
        return None
    if dropped:
        _drop_rows(obj, dropped)
    return obj


def _target_key(field):
    return field.remote_field.model, field.target_field.attname


def _foreign_keys(model):
    """The foreign keys modelcluster checks: not parent links, not the row's own parent."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one or field.one_to_one
        if not field.remote_field.parent_link and not isinstance(field, ParentalKey)
    ]


def _child_rows(obj):
    if not isinstance(obj, ClusterableModel):
        return
    for relation in get_all_child_relations(obj):
        yield relation.get_accessor_name()


def _collect_links(instance, links):
    for field in _foreign_keys(type(instance)):
        if getattr(instance, field.attname) is not None:
            links.append((instance, field))
    for accessor in _child_rows(instance):
        for row in getattr(instance, accessor).all():
            _collect_links(row, links)


def _drop_rows(instance, dropped):
    for accessor in _child_rows(instance):
        rows = list(getattr(instance, accessor).all())
        kept = [row for row in rows if id(row) not in dropped]
        for row in kept:
            _drop_rows(row, dropped)
        if len(kept) != len(rows):
            setattr(instance, accessor, kept)


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
    # The published revisions are read here: a version's `live_revision` among them is known.
    targets = {}
    revisions = targets.setdefault((Revision, Revision._meta.pk.attname), {})
    for entry in publish_log_entries(page.pk):
        revision = entry.revision
        if revision is None or revision.pk in seen:
            continue  # purged revision, or the same revision published again
        seen.add(revision.pk)
        revisions[revision.pk] = revision
        published_at = entry.timestamp
        if not versions and page.first_published_at and page.first_published_at < published_at:
            published_at = page.first_published_at
        previous = versions[-1] if versions else None
        version = Version(
            len(versions) + 1,
            revision,
            published_at,
            previous=previous,
            current=page,
            targets=targets,
        )
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
