"""Tombstones for OParl objects that leave the public lists. (The open-data response cache
is kept under the content generation, which cms.cache's signals replace on every public
change.)"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from meetings.models import Attendance, BodyMember, Person

from .tombstones import PAGE_FILES, PAGE_KINDS, ROW_KINDS, bury, page_file_key, sync_people
from .tombstones import sync_subtree as sync_page_subtree


def sync_subtree(sender, instance, **kwargs):
    sync_page_subtree(instance)


def page_deleted(sender, instance, **kwargs):
    """A deleted page (its rows send their own post_delete, and so do its descendants)."""
    if instance.first_published_at is None:
        return
    kind = PAGE_KINDS.get(sender)
    key = str(instance.pk) if kind else page_file_key(instance.pk)
    bury({(kind or "file", key): instance.first_published_at})


def row_deleted(sender, instance, **kwargs):
    """A membership, agenda item, case-flow step or attachment removed, alone or with its page."""
    bury({(ROW_KINDS[sender], str(instance.pk)): None})
    if sender is BodyMember:
        sync_people([instance.person_id])


def attendance_deleted(sender, instance, **kwargs):
    sync_people([instance.person_id])


for model in (*PAGE_KINDS, *PAGE_FILES):
    page_published.connect(sync_subtree, sender=model, dispatch_uid=f"oparl-pub-{model}")
    page_unpublished.connect(sync_subtree, sender=model, dispatch_uid=f"oparl-unpub-{model}")
    post_delete.connect(page_deleted, sender=model, dispatch_uid=f"oparl-del-{model}")
for model in ROW_KINDS:
    post_delete.connect(row_deleted, sender=model, dispatch_uid=f"oparl-row-del-{model}")
post_delete.connect(attendance_deleted, sender=Attendance, dispatch_uid="oparl-attendance-del")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    """A page made private (or public again) takes its subtree out of OParl (or back in)."""
    page = instance.page.specific_deferred
    if page is not None:
        sync_page_subtree(page)


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance, **kwargs):
    bury({("person", str(instance.pk)): None})
