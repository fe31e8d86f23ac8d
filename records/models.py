"""What the importers remember between runs: keys from outside and the last sync per source."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalKey(models.Model):
    """A key another system (or an import file) uses for one of our objects.

    `source` is "records" for the JSON format's person keys, or an OParl system's URL; `key` is
    the person key or the OParl object's id. Imports look objects up here first, so a renamed
    person or body stays the same object.
    """

    source = models.CharField(_("kilde"), max_length=500)
    key = models.CharField(_("nøkkel"), max_length=1000)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("ekstern nøkkel")
        verbose_name_plural = _("eksterne nøkler")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="records_external_key_unique")
        ]

    def __str__(self):
        return f"{self.source} {self.key}"

    @classmethod
    def lookup(cls, source, key, model):
        """The `model` object stored for (source, key), or None."""
        row = cls.objects.filter(
            source=source, key=key, content_type=ContentType.objects.get_for_model(model)
        ).first()
        if row is None:
            return None
        return model._default_manager.filter(pk=row.object_id).first()

    @classmethod
    def remember(cls, source, key, obj):
        cls.objects.update_or_create(
            source=source,
            key=key,
            defaults={
                "content_type": ContentType.objects.get_for_model(type(obj)),
                "object_id": obj.pk,
            },
        )


class SyncState(models.Model):
    """When an OParl source was last mirrored, for `modified_since` on the next run."""

    source = models.CharField(_("kilde"), max_length=500, unique=True)
    last_sync = models.DateTimeField(_("sist synkronisert"), null=True, blank=True)

    class Meta:
        verbose_name = _("synkronisering")
        verbose_name_plural = _("synkroniseringer")

    def __str__(self):
        return self.source
