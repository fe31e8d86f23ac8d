"""A plan page as a citizen sees it, the tree rules, links between plans and cases both ways."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from pytest_django.asserts import assertContains
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from meetings.factories import (
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    PersonFactory,
)
from plans.factories import (
    PlanAdoptionStepFactory,
    PlanAttachmentFactory,
    PlanIndexPageFactory,
    PlanPageFactory,
    RelatedPlanFactory,
)
from plans.models import PlanAuthor, PlanIndexPage, PlanPage, PlanStatus


def test_the_plan_index_holds_plans(page_rules):
    # Where the plan index itself may stand is a rule of the home page (home/tests/test_pages.py).
    page_rules.assertAllowedSubpageTypes(PlanIndexPage, {PlanPage})


def test_plans_go_under_the_plan_index_only_and_have_no_subpages(page_rules):
    page_rules.assertAllowedParentPageTypes(PlanPage, {PlanIndexPage})
    page_rules.assertAllowedSubpageTypes(PlanPage, set())


def test_an_editor_can_create_a_plan_with_blocks_and_inlines(client, home, page_rules):
    index = PlanIndexPageFactory(parent=home)
    author = PersonFactory(name="Elsa Kommedahl")
    page_rules.login()
    page_rules.assertCanCreate(
        index,
        PlanPage,
        nested_form_data(
            {
                "title": "Kompetanseplan 2024-2027",
                "slug": "kompetanseplan",
                "plan_type": "competence_plan",
                "owning_unit": "Kvalitet- og utviklingskontoret",
                "period_from": "2024",
                "period_to": "2027",
                "status": "adopted",
                "summary": rich_text("<p>Sammendrag</p>"),
                "body": streamfield(
                    [
                        ("heading", {"text": "Hvorfor?", "level": "h2"}),
                        (
                            "quote",
                            {
                                "text": "Personellet er ryggraden.",
                                "source": "NOU 2023:4 Tid for handling",
                                "source_role": "",
                                "citation": "",
                                "citation_url": "",
                            },
                        ),
                        ("goal", {"title": "Målsetting", "text": rich_text("<p>Mål</p>")}),
                        (
                            "measures",
                            {
                                "title": "Tiltak",
                                "measures": streamfield(
                                    [
                                        (
                                            "item",
                                            {
                                                "measure": "Kartlegging",
                                                "responsible": "Kommunalsjef",
                                                "deadline": "2025",
                                                "cost": "",
                                                "status": "ongoing",
                                            },
                                        )
                                    ]
                                ),
                            },
                        ),
                    ]
                ),
                "adoption_steps": inline_formset(
                    [{"body_name": "Velferdsutvalg", "date": "2023-11-22"}]
                ),
                "authors": inline_formset([{"person": author.pk, "role": ""}]),
                "related_plans": inline_formset([]),
                "attachments": inline_formset([]),
                "language": "nb",
                "change_kind": "substantive",
            }
        ),
    )
    plan = PlanPage.objects.get(slug="kompetanseplan")
    edit = client.get(f"/admin/pages/{plan.pk}/edit/")
    assert edit.status_code == 200
    assertContains(edit, "Elsa Kommedahl")
    assert [b.block_type for b in plan.body] == ["heading", "quote", "goal", "measures"]
    assert plan.authors.get().person == author


@pytest.fixture
def plan_site(home):
    """A plan with every kind of block and inline, its parent plan, a related national plan and
    the committee case that adopted it."""
    plan_site = SimpleNamespace(home=home)
    plan_site.index = PlanIndexPageFactory(parent=plan_site.home)
    plan_site.master = PlanPageFactory(
        parent=plan_site.index,
        title="Kommunedelplan helse og velferd 2015-2030",
        plan_type="municipal_sub_plan",
        period_from=2015,
        period_to=2030,
    )
    plan_site.national = PlanPageFactory(
        parent=plan_site.index, title="Kompetanseløft 2025", plan_type="strategy"
    )
    bodies = BodyIndexPageFactory(parent=plan_site.home)
    plan_site.committee = BodyPageFactory(parent=bodies, title="Driftskomiteen")
    plan_site.case = CasePageFactory(
        parent=plan_site.committee, title="Temaplan kompetanse", case_number=27, case_year=2019
    )
    plan_site.plan = PlanPageFactory(
        parent=plan_site.index,
        title="Kompetanseplan Helse- og omsorgsavdelingen 2024-2027",
        plan_type="competence_plan",
        owning_unit="Kvalitet- og utviklingskontoret",
        document_date=datetime.date(2019, 6, 24),
        parent_plan=plan_site.master,
        summary="<p>Planens sammendrag.</p>",
        full_document_url="https://example.org/plan.pdf",
        full_document_text="Lenke til hele planen",
        body=[
            ("heading", {"text": "Hvorfor?", "level": "h2"}),
            (
                "quote",
                {
                    "text": "Personellet er ryggraden.\n\nAndre avsnitt.",
                    "source": "NOU 2023:4 Tid for handling",
                    "source_role": "Norges offentlige utredninger 2023: 4",
                    "citation": "Tid for handling",
                    "citation_url": "",
                },
            ),
            ("goal", {"title": "Målsetting", "text": "<p>Det overordnede målet.</p>"}),
            (
                "strategy_areas",
                {
                    "title": "Strategiområder",
                    "intro": "<p>Fire områder.</p>",
                    "areas": [
                        {
                            "title": "Rekruttere, beholde og utvikle personell",
                            "short_title": "Rekruttere og beholde",
                            "text": "<p>Tekst.</p>",
                            "items": ["Kompetanseheving", "Fagutvikling"],
                            "link_text": "Les mer på regjeringen.no",
                            "link_url": "https://www.regjeringen.no/",
                        }
                    ],
                },
            ),
            (
                "measures",
                {
                    "title": "Tiltak 2024",
                    "measures": [
                        {
                            "measure": "Kompetansekartlegging",
                            "responsible": "Avdelingsleder",
                            "deadline": "2025",
                            "cost": "50 000 kr",
                            "status": "ongoing",
                        }
                    ],
                },
            ),
            ("key_figure", {"value": "35 %", "label": "er over 55 år", "source": "SSB"}),
        ],
    )
    # In the order the editor put them (the admin's InlinePanel always sets sort_order).
    PlanAdoptionStepFactory(
        page=plan_site.plan,
        body_name="Administrasjonsutvalg",
        date=datetime.date(2023, 11, 21),
        sort_order=0,
    )
    PlanAdoptionStepFactory(
        page=plan_site.plan,
        sort_order=1,
        body=plan_site.committee,
        body_name="",
        date=datetime.date(2019, 9, 25),
        case=plan_site.case,
    )
    PlanAuthor.objects.create(
        page=plan_site.plan,
        person=PersonFactory(name="Elsa Kommedahl", title="", unit="Kvalitet"),
        role="prosessleder",
    )
    RelatedPlanFactory(page=plan_site.plan, plan=plan_site.national, title="")
    RelatedPlanFactory(
        page=plan_site.plan, title="NY VIRKELIGHET – NY VELFERD", description="Kommunedelplan"
    )
    plan_site.attachment = PlanAttachmentFactory(page=plan_site.plan, title="Tiltaksbeskrivelser")
    return plan_site


def test_a_citizen_sees_every_structured_fact(client, plan_site, page_html):
    html = page_html(plan_site.plan)
    for text in [
        "<h1>Kompetanseplan Helse- og omsorgsavdelingen 2024-2027</h1>",
        "Kompetanseplan",
        "Kvalitet- og utviklingskontoret",
        "2024–2027",
        '<time datetime="2019-06-24">24.06.2019</time>',
        'status--ok">Vedtatt</span>',
        'Administrasjonsutvalg <time datetime="2023-11-21">21.11.2023</time>',
        "Elsa Kommedahl, prosessleder",
        "Planens sammendrag.",
        '<a class="button" href="https://example.org/plan.pdf">Lenke til hele planen</a>',
        "<h2>Hvorfor?</h2>",
        "<p>Personellet er ryggraden.</p>",
        "<cite>Tid for handling</cite>",
        "NOU 2023:4 Tid for handling",
        "<h2>Målsetting</h2>",
        "<h2>Strategiområder</h2>",
        "<li>Rekruttere og beholde</li>",
        "<h3>Rekruttere, beholde og utvikle personell</h3>",
        "<li>Fagutvikling</li>",
        '<a href="https://www.regjeringen.no/">Les mer på regjeringen.no',
        "<caption>Tiltak 2024</caption>",
        '<th scope="row">Kompetansekartlegging</th>',
        '<td data-label="Status">Pågår</td>',
        "35 %",
        '<footer class="document-meta">',
    ]:
        assert text in html


def test_the_adopting_case_and_body_are_linked(client, plan_site, page_html):
    html = page_html(plan_site.plan)
    assert f'<a href="{plan_site.committee.url}">Driftskomiteen</a>' in html
    assert f'<a href="{plan_site.case.url}">sak 27/19</a>' in html


def test_attachments_show_type_and_size(client, plan_site, page_html):
    html = page_html(plan_site.plan)
    document = plan_site.attachment.document
    assert f'<a href="{document.url}">Tiltaksbeskrivelser</a>' in html
    assert re.search(rf"\({document.file_extension.upper()}, [0-9,.]+\sbyte\)", html)


def test_parent_and_child_plans_link_both_ways(client, plan_site, page_html):
    assert (
        f'<a href="{plan_site.master.url}">Kommunedelplan helse og velferd 2015-2030</a>'
        in page_html(plan_site.plan)
    )
    master_html = page_html(plan_site.master)
    assert "Underordnede planer" in master_html
    assert f'<a href="{plan_site.plan.url}">{plan_site.plan.title}</a>' in master_html


def test_related_plans_link_both_ways(client, plan_site, page_html):
    html = page_html(plan_site.plan)
    assert f'<a href="{plan_site.national.url}">Kompetanseløft 2025</a>' in html
    assert "<strong>NY VIRKELIGHET – NY VELFERD</strong>" in html
    national_html = page_html(plan_site.national)
    assert "Planer som viser til denne planen" in national_html
    assert f'<a href="{plan_site.plan.url}">{plan_site.plan.title}</a>' in national_html


def test_a_replaced_plan_links_to_its_replacement_and_back(client, plan_site, page_html):
    old = PlanPageFactory(
        parent=plan_site.index,
        title="Gammel kompetanseplan",
        status=PlanStatus.REPLACED,
        replaced_by=plan_site.plan,
    )
    assert f'Erstattet av <a href="{plan_site.plan.url}">' in page_html(old)
    html = page_html(plan_site.plan)
    assert "Denne planen erstatter" in html
    assert f'<a href="{old.url}">Gammel kompetanseplan</a>' in html


def test_a_plan_on_hearing_shows_its_deadline(client, plan_site, page_html):
    plan = PlanPageFactory(
        parent=plan_site.index,
        status=PlanStatus.HEARING,
        hearing_deadline=datetime.date(2025, 4, 1),
    )
    assert 'Høringsfrist: <time datetime="2025-04-01">01.04.2025</time>' in page_html(plan)


def test_the_case_lists_the_plans_it_adopted(client, plan_site):
    html = Template("{% load plans_tags %}{% adopted_plans case %}").render(
        Context({"case": plan_site.case})
    )
    assert "Plan vedtatt i denne saken" in html
    assert f'<a href="{plan_site.plan.url}">{plan_site.plan.title}</a>' in html
    assert plan_site.master.title not in html


def test_a_case_without_plans_renders_nothing(client, plan_site):
    other = CasePageFactory(parent=plan_site.committee, case_number=28, case_year=2019)
    html = Template("{% load plans_tags %}{% adopted_plans case %}").render(
        Context({"case": other})
    )
    assert html.strip() == ""


def test_unpublished_plans_are_not_listed_on_the_case(client, plan_site):
    plan_site.plan.unpublish()
    html = Template("{% load plans_tags %}{% adopted_plans case %}").render(
        Context({"case": plan_site.case})
    )
    assert html.strip() == ""


def test_public_diff_fields_render_every_public_field_as_text(client, plan_site):
    fields = dict(plan_site.plan.public_diff_fields())
    assert fields["Plantype"] == "Kompetanseplan"
    assert fields["Planperiode"] == "2024–2027"
    assert fields["Datert"] == "24.06.2019"
    assert (
        fields["Vedtak"] == "Administrasjonsutvalg 21.11.2023\nDriftskomiteen 25.09.2019, sak 27/19"
    )
    assert "Elsa Kommedahl" in fields["Utarbeidet av"]
    assert fields["Sammendrag"] == "Planens sammendrag."
    assert "Sitat: Personellet er ryggraden." in fields["Innhold"]
    assert "- Kompetanseheving" in fields["Innhold"]
    assert "Status: Pågår" in fields["Innhold"]
    assert fields["Overordnet plan"] == plan_site.master.title
    assert "NY VIRKELIGHET – NY VELFERD – Kommunedelplan" in fields["Relaterte planer"]
    assert fields["Vedlegg"] == "Tiltaksbeskrivelser"
    assert all(isinstance(text, str) for _, text in plan_site.plan.public_diff_fields())


def test_public_diff_fields_work_on_an_old_revision(client, plan_site):
    revision = plan_site.plan.save_revision()
    plan_site.plan.title = "Ny tittel"
    plan_site.plan.save_revision().publish()
    old = revision.as_object()
    assert old.title == "Kompetanseplan Helse- og omsorgsavdelingen 2024-2027"
    fields = dict(old.public_diff_fields())
    assert fields["Tittel"] == old.title
    assert "Administrasjonsutvalg 21.11.2023" in fields["Vedtak"]


def test_public_diff_fields_unescape_rich_text(client, plan_site):
    plan_site.plan.summary = "<p>Helse &amp; omsorg</p><p>Andre &lt;avsnitt&gt;</p>"
    plan_site.plan.body = [("text", RichText("<p>Mål &amp; tiltak</p>"))]
    fields = dict(plan_site.plan.public_diff_fields())
    assert fields["Sammendrag"] == "Helse & omsorg\nAndre <avsnitt>"
    assert "Mål & tiltak" in fields["Innhold"]
