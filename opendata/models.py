"""Tombstones: OParl objects that were unpublished or deleted, for `modified_since` clients."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """A page that left the public site; OParl lists it as `deleted: true` until republished."""

    page_id = models.PositiveBigIntegerField(_("side-ID"), unique=True)
    oparl_type = models.CharField(_("OParl-type"), max_length=20)
    created = models.DateTimeField(_("først publisert"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("fjernet"), db_index=True)

    class Meta:
        verbose_name = _("fjernet OParl-objekt")
        verbose_name_plural = _("fjernede OParl-objekter")

    def __str__(self):
        return f"{self.oparl_type} {self.page_id}"
