"""People: case officers, contact persons, signatories, attendees and members."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import PreviewableMixin
from wagtail.search import index


class Person(PreviewableMixin, index.Indexed, models.Model):
    """A person, shown as a contact card wherever the person appears."""

    name = models.CharField(_("navn"), max_length=255)
    title = models.CharField(
        _("stilling"), max_length=255, blank=True, help_text=_("For eksempel «Ass.direktør».")
    )
    unit = models.CharField(
        _("enhet/organisasjon"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Helse og velferd» eller «Fylkesmannen i Møre og Romsdal»."),
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    panels = ["name", "title", "unit", "phone", "email"]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("unit"),
        index.SearchField("title"),
        index.FilterField("unit"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_preview_template(self, request, mode_name):
        return "meetings/person_preview.html"

    def as_text(self):
        """One line for diffs and exports: name, title, unit, phone, e-mail."""
        return ", ".join(
            part for part in [self.name, self.title, self.unit, self.phone, self.email] if part
        )
