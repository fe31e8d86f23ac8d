"""Test and demo data: factories for people, bodies, meetings, invitations, minutes and cases."""

import datetime

import factory
import wagtail_factories
from wagtail.documents import get_document_model

from . import models


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Rådgiver"
    unit = "Helse og velferd"
    phone = "74 05 25 00"
    email = factory.Sequence(lambda n: f"person{n}@example.org")

    class Meta:
        model = models.Person


class BodyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Politikk"
    slug = "politikk"

    class Meta:
        model = models.BodyIndexPage


class BodyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Utvalg {n}")
    kind = models.BodyKind.COMMITTEE

    class Meta:
        model = models.BodyPage


class MeetingPageFactory(wagtail_factories.PageFactory):
    # Title and slug default from the body and the date (see MeetingPage.apply_defaults).
    title = ""
    slug = ""
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    start_time = datetime.time(9, 0)
    end_time = datetime.time(14, 30)
    place_name = "Formannskapssalen"
    place_address = "Håkon Den Godes gt 30, Levanger"

    class Meta:
        model = models.MeetingPage


class AgendaItemFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Sak {n}")
    kind = models.AgendaItemKind.DECISION

    class Meta:
        model = models.AgendaItem


class CasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sak om tema {n}")
    slug = ""
    case_year = 2019
    case_officer = factory.SubFactory(PersonFactory)
    archive_reference = factory.Sequence(lambda n: f"2019/{5000 + n}")
    facts = "<p>Saksopplysninger.</p>"

    class Meta:
        model = models.CasePage


class InvitationPageFactory(wagtail_factories.PageFactory):
    title = "Invitasjon"
    slug = "innkalling"
    recipients = "Kommunene"
    letter = "<p>Velkommen til møtet.</p>"

    class Meta:
        model = models.InvitationPage


class InvitationFormFieldFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Felt {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = models.InvitationFormField


class MinutesPageFactory(wagtail_factories.PageFactory):
    title = "Referat"
    slug = "referat"

    class Meta:
        model = models.MinutesPage


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Dokument {n}")
    file = factory.django.FileField(filename="vedlegg.pdf", data=b"%PDF-1.4 test")

    class Meta:
        model = get_document_model()
