"""Tombstones: OParl objects that left the public lists, for `modified_since` clients."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """An OParl object that was public and no longer is (unpublished, deleted, made private,
    or an attachment made exempt); lists asked with `modified_since` show it as `deleted: true`
    until it is public again.

    `key` is the last segment of the object's URL: a primary key, or `page-<id>` for the
    invitation and minutes pages that OParl serves as Files.
    """

    oparl_type = models.CharField(_("OParl-type"), max_length=20)
    key = models.CharField(_("nøkkel"), max_length=40)
    created = models.DateTimeField(_("først publisert"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("fjernet"), db_index=True)

    class Meta:
        verbose_name = _("fjernet OParl-objekt")
        verbose_name_plural = _("fjernede OParl-objekter")
        constraints = [
            models.UniqueConstraint(fields=["oparl_type", "key"], name="opendata_tombstone_unique")
        ]

    def __str__(self):
        return f"{self.oparl_type} {self.key}"
