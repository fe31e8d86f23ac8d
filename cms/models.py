"""What every app shares: site settings, the shared tag vocabulary and the page base classes."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The municipality's identity and contact details, shown in every page's footer."""

    municipality_name = models.CharField(_("kommunenavn"), max_length=100, default="Rådhus")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visiting_address = models.CharField(_("besøksadresse"), max_length=255, blank=True)
    postal_address = models.CharField(_("postadresse"), max_length=255, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    organisation_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=20,
        blank=True,
        help_text=_("Ni siffer, for eksempel «938 587 051»."),
    )
    opening_hours = models.CharField(
        _("åpningstid"),
        max_length=255,
        blank=True,
        help_text=_("For eksempel «Man–fre 09:00–15:00»."),
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("side om nettstedet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgjengelighetserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("municipality_name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                "visiting_address",
                "postal_address",
                "phone",
                "email",
                "organisation_number",
                "opening_hours",
            ],
            heading=_("Kontaktinformasjon"),
        ),
        MultiFieldPanel(["about_page", "accessibility_page"], heading=_("Lenker i bunnteksten")),
    ]

    class Meta:
        verbose_name = _("nettstedsinnstillinger")
        verbose_name_plural = _("nettstedsinnstillinger")

    def __str__(self):
        return self.municipality_name


class PageTag(TaggedItemBase):
    """One tag vocabulary for every page type: the through model points at Page itself."""

    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("emneknagg på side")
        verbose_name_plural = _("emneknagger på sider")


class BasePage(Page):
    """A page rendered in its own language (bokmål or nynorsk), which sets `<html lang>`."""

    language = models.CharField(
        _("språk"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nb",
        help_text=_("Språket siden er skrevet på. Styrer også språket i sidens faste tekster."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("language")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # Render inside the override: a TemplateResponse is otherwise rendered later,
        # after the language has been switched back.
        with translation.override(self.language):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response


class DocumentPage(BasePage):
    """A published document (plan, case, meeting, invitation, minutes): tags and version dates."""

    tags = ClusterTaggableManager(
        through=PageTag,
        blank=True,
        verbose_name=_("emneknagger"),
        help_text=_("Felles emneknagger for alle dokumenttyper. Skill med komma."),
    )
    last_substantive_change_at = models.DateTimeField(
        _("siste faglige endring"),
        null=True,
        blank=True,
        help_text=_(
            "Settes automatisk når en faglig endring publiseres; rettelser endrer den ikke."
        ),
    )

    # Stored in each revision, so every published version carries its own note and kind.
    change_note = models.CharField(
        _("endringsnotat"),
        max_length=255,
        blank=True,
        help_text=_("Hva er endret i denne versjonen? Vises i den offentlige versjonshistorikken."),
    )
    change_kind = models.CharField(
        _("type endring"),
        max_length=12,
        choices=[("substantive", _("Faglig endring")), ("correction", _("Rettelse"))],
        default="substantive",
        help_text=_(
            "En rettelse (skrivefeil, lenker) flytter ikke datoen for siste faglige endring."
        ),
    )

    promote_panels = [
        *BasePage.promote_panels,
        MultiFieldPanel(["tags", "last_substantive_change_at"], heading=_("Dokument")),
    ]

    class Meta:
        abstract = True

    @property
    def substantive_change_at(self):
        """The date citizens see as "Siste faglige endring"."""
        return self.last_substantive_change_at or self.first_published_at
