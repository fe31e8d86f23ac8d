"""Old versions and diffs of every document type cost the same few queries whatever they hold.

A version is a revision turned back into a page. Each type is published twice with a few rows
(case flow steps, attachments, agenda and minutes items, attendance, follow-ups, adoption
steps, authors, related plans, signatories…) each pointing at a row of its own, counted, then
grown to 30 rows of each and published twice more, and counted again: the old version (the
one before the current) and the diff of the current version against it cost the same and at
most MAX_VERSION_QUERIES, although there are more rows, more linked rows and more versions.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.versions import published_versions
from home.tests.test_query_bounds import MAX_VERSION_QUERIES
from meetings.factories import (
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    DocumentFactory,
    InvitationPageFactory,
    MeetingPageFactory,
    MinutesPageFactory,
    PersonFactory,
)
from meetings.models import (
    AgendaItem,
    Attendance,
    CaseAttachment,
    CaseFlowStep,
    FollowUp,
    MinutesItem,
    ProgrammeItem,
    Signatory,
)
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanAdoptionStep, PlanAttachment, PlanAuthor, RelatedPlan

FEW, MANY = 2, 30


class Site:
    def __init__(self, home):
        self.body = BodyPageFactory(parent=BodyIndexPageFactory(parent=home), title="Rådet")
        self.plans = PlanIndexPageFactory(parent=home)
        self.meeting = MeetingPageFactory(
            parent=self.body, body_page=self.body, date=datetime.date(2024, 5, 20)
        )

    def case(self):
        return CasePageFactory(parent=self.body, body_page=self.body)


def add_case_rows(site, page, first, last):
    for n in range(first, last):
        meeting = MeetingPageFactory(
            parent=site.body,
            body_page=site.body,
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
        )
        CaseFlowStep.objects.create(
            page=page, body=site.body, meeting=meeting, case_number=n, decision=f"Vedtak {n}."
        )
        CaseAttachment.objects.create(
            page=page, document=DocumentFactory(), title=f"Vedlegg nummer {n}"
        )


def add_meeting_rows(site, page, first, last):
    for n in range(first, last):
        AgendaItem.objects.create(page=page, number=n, title=f"Sak nummer {n}", case=site.case())


def add_minutes_rows(site, page, first, last):
    for n in range(first, last):
        MinutesItem.objects.create(page=page, number=n, title=f"Punkt {n}", case=site.case())
        Attendance.objects.create(page=page, person=PersonFactory())
        FollowUp.objects.create(page=page, action=f"Oppfølging {n}", responsible=PersonFactory())


def add_invitation_rows(site, page, first, last):
    for n in range(first, last):
        Signatory.objects.create(page=page, person=PersonFactory())
        ProgrammeItem.objects.create(page=page, title=f"Programpost {n}")


def add_plan_rows(site, page, first, last):
    for n in range(first, last):
        PlanAdoptionStep.objects.create(
            page=page,
            body=site.body,
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
            case=site.case(),
        )
        PlanAuthor.objects.create(page=page, person=PersonFactory())
        RelatedPlan.objects.create(
            page=page, plan=PlanPageFactory(parent=site.plans), title=f"Plan {n}"
        )
        PlanAttachment.objects.create(page=page, document=DocumentFactory(), title=f"Del {n}")


DOCUMENTS = {
    "case": (lambda site: site.case(), add_case_rows),
    "meeting": (lambda site: site.meeting, add_meeting_rows),
    "minutes": (lambda site: MinutesPageFactory(parent=site.meeting), add_minutes_rows),
    "invitation": (lambda site: InvitationPageFactory(parent=site.meeting), add_invitation_rows),
    "plan": (lambda site: PlanPageFactory(parent=site.plans), add_plan_rows),
}


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def count_version_pages(client, publish, page, number):
    """Publish twice; the queries of the older of the two and of the newer one's diff."""
    publish(page, title=f"Dokument {number}", change_note=f"Versjon {number}.")
    publish(page, title=f"Dokument {number} (endret)", change_note="Ny tittel.")
    page = Page.objects.get(pk=page.pk).specific
    versions = published_versions(page)
    older, newer = versions[-2], versions[-1]
    detail, detail_html = queries_for(client, page.version_url(older))
    diff, diff_html = queries_for(client, page.version_diff_url(newer))
    assert "Du ser på en tidligere versjon" in detail_html
    assert "<ins>(endret)</ins>" in diff_html
    return detail, diff, detail_html


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_old_versions_and_diffs_cost_the_same_whatever_the_number_of_rows(
    home, client, publish, kind
):
    site = Site(home)
    make, add_rows = DOCUMENTS[kind]
    page = make(site)
    add_rows(site, page, 0, FEW)
    few = count_version_pages(client, publish, page, 1)[:2]
    add_rows(site, page, FEW, MANY)
    many_detail, many_diff, html = count_version_pages(client, publish, page, 2)
    assert (many_detail, many_diff) == few, (kind, few, (many_detail, many_diff))
    assert max(few) <= MAX_VERSION_QUERIES, (kind, few)
    assert len(published_versions(Page.objects.get(pk=page.pk).specific)) == 4


def test_an_old_version_with_many_rows_shows_them_all_but_not_those_exempt_since(
    home, client, publish
):
    site = Site(home)
    case = site.case()
    add_case_rows(site, case, 0, MANY)
    old = publish(case, change_note="Med alle vedlegg.")
    publish(case, title="Sak med nytt navn")
    hidden = CaseAttachment.objects.get(page=case, title="Vedlegg nummer 7")
    hidden.exempt = True
    hidden.exempt_basis = "offl. § 13, jf. fvl. § 13 første ledd nr. 1"
    hidden.public_title = "Unntatt offentlighet"
    hidden.save()
    case = Page.objects.get(pk=case.pk).specific
    count, html = queries_for(client, f"{case.url}versjoner/{old.pk}/")
    assert count <= MAX_VERSION_QUERIES
    assert "Vedlegg nummer 7" not in html
    for n in [0, 6, 8, MANY - 1]:
        assert f"Vedlegg nummer {n}" in html
        assert f"Vedtak {n}." in html
