"""Keep "last substantive change" right when a document version is published."""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

BEFORE_ATTR = "_substantive_change_before_save"


@receiver(pre_save)
def remember_substantive_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep the stored "last substantive change" of a document page before it is overwritten.

    Publishing saves the page with the revision's content; a correction must keep the date the
    live page had, even when that was set outside the revisions (imports, demo data).
    """
    from .models import DocumentPage

    if raw or not isinstance(instance, DocumentPage) or not instance.pk:
        return
    if update_fields is not None and "last_substantive_change_at" not in update_fields:
        return
    setattr(
        instance,
        BEFORE_ATTR,
        type(instance)
        .objects.filter(pk=instance.pk)
        .values_list("last_substantive_change_at", flat=True)
        .first(),
    )


@receiver(page_published)
def record_substantive_change(sender, instance, revision, **kwargs):
    """A substantive publication moves "Siste faglige endring"; a correction does not.

    The value is written to the live page and to the published revision, so that the version
    in the public history shows the dates it was published with, and the next edit starts
    from them.
    """
    from .history import NOT_KNOWN, substantive_change_after_publish
    from .models import DocumentPage

    if not isinstance(instance, DocumentPage) or revision is None:
        return
    if not instance.live or instance.live_revision_id != revision.pk:
        return  # scheduled for later: handled when it goes live
    before = getattr(instance, BEFORE_ATTR, NOT_KNOWN)
    value = substantive_change_after_publish(instance, revision, before)
    instance.last_substantive_change_at = value
    type(instance).objects.filter(pk=instance.pk).update(last_substantive_change_at=value)
    content = dict(revision.content or {})
    serialized = instance.serializable_data().get("last_substantive_change_at")
    if content.get("last_substantive_change_at") != serialized:
        content["last_substantive_change_at"] = serialized
        revision.content = content
        revision.save(update_fields=["content"])
