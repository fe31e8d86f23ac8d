"""Demo content of the home app: the site, its settings and the generic pages."""

from wagtail.models import Page, Site

from cms.demo import ensure_page
from cms.models import SiteSettings

from .models import HomePage, StandardPage

MUNICIPALITY = {
    # From the footer of the committee case (shared seed 001).
    "municipality_name": "Levanger kommune",
    "postal_address": "Levanger kommune, Boks 130, 7601 Levanger",
    "visiting_address": "Håkon Den Godes gt 30 ved Torvet",
    "phone": "74 05 25 00",
    "email": "postmottak@levanger.kommune.no",
    "opening_hours": "Man-fre 09:00-15:00",
    "organisation_number": "938 58 7051",
}

ABOUT_TEXT = (
    "<p>Her publiserer kommunen temaplaner, politiske saker, møter, møteinnkallinger og "
    "referater. Alle dokumenter har faste felt, emneknagger og en åpen versjonshistorikk.</p>"
)
ACCESSIBILITY_TEXT = (
    "<p>Nettstedet skal oppfylle kravene til universell utforming i WCAG 2.1 på nivå AA, "
    "slik forskrift om universell utforming av IKT-løsninger krever.</p>"
    "<p>Finner du noe som ikke virker for deg, kan du skrive til postmottak@levanger.kommune.no "
    "eller sende en klage til Tilsynet for universell utforming av IKT.</p>"
)


def load():
    """Create the home page (replacing Wagtail's welcome page), settings and generic pages."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome" page with the slug "home".
        for welcome in root.get_children().filter(slug="home").exact_type(Page):
            welcome.delete()
        home, _ = ensure_page(
            root,
            HomePage,
            "home",
            title="Levanger kommune",
            intro="<p>Politiske saker, møter, referater og planer fra Levanger kommune.</p>",
        )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk:
        site.hostname, site.port, site.root_page = "localhost", 80, home
        site.site_name = "Levanger kommune"
        site.save()

    about, _ = ensure_page(
        home, StandardPage, "om-nettstedet", title="Om nettstedet", intro=ABOUT_TEXT
    )
    accessibility, _ = ensure_page(
        home,
        StandardPage,
        "tilgjengelighetserklaering",
        title="Tilgjengelighetserklæring",
        intro=ACCESSIBILITY_TEXT,
    )
    settings, created = SiteSettings.objects.get_or_create(site=site)
    if created:
        for field, value in MUNICIPALITY.items():
            setattr(settings, field, value)
        settings.about_page, settings.accessibility_page = about, accessibility
        settings.save()
    return home
