"""Tombstones for unpublished and deleted OParl objects; the open-data cache emptied on publish."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished

from meetings.models import BodyPage, CasePage, MeetingPage, Person

from . import cache
from .models import Tombstone

# The page types that are OParl objects of their own.
OPARL_TYPES = {BodyPage: "organization", MeetingPage: "meeting", CasePage: "paper"}


def record_tombstone(page):
    Tombstone.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "oparl_type": OPARL_TYPES[type(page)],
            "created": page.first_published_at,
            "deleted_at": timezone.now(),
        },
    )


def remove_tombstone(sender, instance, **kwargs):
    Tombstone.objects.filter(page_id=instance.pk).delete()


def add_tombstone(sender, instance, **kwargs):
    record_tombstone(instance)
    cache.invalidate()


for model in OPARL_TYPES:
    page_published.connect(remove_tombstone, sender=model, dispatch_uid=f"oparl-pub-{model}")
    page_unpublished.connect(add_tombstone, sender=model, dispatch_uid=f"oparl-unpub-{model}")
    post_delete.connect(add_tombstone, sender=model, dispatch_uid=f"oparl-del-{model}")


@receiver(page_published)
@receiver(page_unpublished)
def invalidate_on_publish(sender, **kwargs):
    cache.invalidate()


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
@receiver(post_save, sender=get_document_model())
@receiver(post_delete, sender=get_document_model())
def invalidate_on_change(sender, **kwargs):
    cache.invalidate()
