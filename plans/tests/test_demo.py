"""The demo plans from seeds 001, 003 and 004: every fact stored in a field and shown.

The demo is loaded once for the module (`module_demo_site`); their dates when the demo is loaded
on a fixed day are checked in cms/tests/test_demo_dates.py.
"""

import datetime

import pytest
from django.utils import timezone

from meetings.models import CasePage, CaseStatus
from plans.demo import load as load_plans
from plans.models import PlanPage, PlanStatus, PlanType

pytestmark = pytest.mark.django_db


def local_date(value):
    return timezone.localtime(value).date()


def test_plan_index_and_kompetanseloft_2025_strategy_page(module_demo_site, client, page_html):
    html = client.get("/").content.decode()
    assert '<a href="/planer/">Planer</a>' in html
    listing = client.get("/planer/").content.decode()
    assert "4 planer" in listing
    assert listing.count('class="plan-timeline__bar ') == 4

    plan = PlanPage.objects.get(slug="kompetanseloft-2025")
    assert plan.plan_type == PlanType.STRATEGY
    assert plan.owning_unit == "Regjeringen"
    assert (plan.period_from, plan.period_to, plan.status) == (2021, 2025, PlanStatus.ADOPTED)
    assert local_date(plan.first_published_at) == datetime.date(2021, 12, 20)
    assert local_date(plan.last_substantive_change_at) == datetime.date(2021, 12, 20)
    (group,) = [block.value for block in plan.body if block.block_type == "strategy_areas"]
    assert [area["short_title"] for area in group["areas"]] == [
        "Rekruttere og beholde",
        "Tjenesteutvikling",
        "Kommunal sektor",
        "Ledelse",
    ]
    assert {area["link_text"] for area in group["areas"]} == {"Les mer på regjeringen.no"}
    html = page_html(plan)
    for text in [
        "Strategiområder",
        "Kompetanseløft 2025 (K2025) består av fire strategiske områder",
        "<h3>Kommunal sektor som forskningsaktør, fagutviklings- og opplæringsarena</h3>",
        "Nasjonal lederutdanning for primærhelsetjenesten",
        'Først publisert: <time datetime="2021-12-20">20.12.2021</time>',
        'Siste faglige endring: <time datetime="2021-12-20">20.12.2021</time>',
    ]:
        assert text in html
    assert html.count(">Les mer på regjeringen.no<") == 4


def test_competence_plan_2024_2027(module_demo_site, client, page_html):
    plan = PlanPage.objects.get(slug="kompetanseplan-helse-og-omsorgsavdelingen-2024-2027")
    assert plan.plan_type == PlanType.COMPETENCE_PLAN
    assert plan.owning_unit == "Kvalitet- og utviklingskontoret"
    assert (plan.period_from, plan.period_to) == (2024, 2027)
    assert [(step.body_name, step.date) for step in plan.adoption_steps.all()] == [
        ("Administrasjonsutvalg", datetime.date(2023, 11, 21)),
        ("Velferdsutvalg", datetime.date(2023, 11, 22)),
    ]
    assert [author.person.name for author in plan.authors.all()] == [
        "Elsa Kommedahl",
        "Tone Moan Nordby",
    ]
    related = list(plan.related_plans.all())
    assert related[0].title == "NY VIRKELIGHET – NY VELFERD"
    assert related[1].plan.specific == PlanPage.objects.get(slug="kompetanseloft-2025")
    types = [block.block_type for block in plan.body]
    assert types.count("quote") == 2 and "goal" in types and "strategy_areas" in types
    assert plan.full_document.title == "Kompetanseplan for Helse- og omsorgsavdelingen 2024-2027"

    html = page_html(plan)
    for text in [
        'Administrasjonsutvalg <time datetime="2023-11-21">21.11.2023</time>',
        'Velferdsutvalg <time datetime="2023-11-22">22.11.2023</time>',
        "Elsa Kommedahl",
        "Tone Moan Nordby",
        "Kvalitet- og utviklingskontoret",
        "<h2>Hvorfor?</h2>",
        "<p>Personellet er ryggraden i helse- og omsorgstjenestene.</p>",
        "NOU 2023:4 Tid for handling",
        "<cite>Tid for handling – Personellet i en bærekraftig helse- og omsorgstjeneste</cite>",
        "NY VIRKELIGHET – NY VELFERD",
        "Kommunedelplan for Helse-, omsorgs og sosialtjenestene i Bodø kommune 2018-2030",
        '<a href="/planer/kompetanseloft-2025/">Kompetanseløft 2025</a>',
        "Felles eierskap til plan og prosess",
        "<li>Generasjonsvennlig samfunn.</li>",
        "<h2>Målsetting</h2>",
        "<h2>Ledelse og organisering</h2>",
        "<li>Omdømmebygging</li>",
        "<h2>Rekruttere, beholde og utvikle personell</h2>",
        "<h3>Attraktiv arbeidsplass</h3>",
        "<li>Senior- og livsfasepolitikk</li>",
        "<li>Kunnskap, ferdigheter og holdninger</li>",
        "Linda Lai",
        "professor i ledelse og organisasjonspsykologi",
        ">Lenke til Kompetanseplan for Helse- og omsorgsavdelingen 2024-2027</a>",
    ]:
        assert text in html, text
    # Kompetanseløft 2025 links back.
    assert plan.title in page_html(related[1].plan)


def test_thematic_plan_is_linked_to_case_27_19_both_ways(module_demo_site, client, page_html):
    plan = PlanPage.objects.get(slug="temaplan-kompetanse-og-rekruttering-helse-og-velferd")
    case = CasePage.objects.get(case_number=27, case_year=2019)
    (step,) = plan.adoption_steps.all()
    assert (step.body.title, step.date, step.case) == (
        "Driftskomiteen",
        datetime.date(2019, 9, 25),
        case,
    )
    assert plan.document_date == datetime.date(2019, 6, 24)
    assert (
        plan.full_document.title == "Temaplan kompetanse og rekruttering helse og velferd 24.06.19"
    )
    assert plan.parent_plan.title.startswith("Kommunedelplan helse og velferd 2015-2030")
    assert plan.parent_plan.period_from == 2015 and plan.parent_plan.period_to == 2030
    assert [str(author) for author in plan.authors.all()][0] == "Kristen Skogseth, prosessleder"

    html = page_html(plan)
    assert f'<a href="{case.url}">sak 27/19</a>' in html
    assert "Kommunedelplan helse og velferd 2015-2030 «Mestring for alle»" in html
    master_html = page_html(plan.parent_plan)
    assert f'<a href="{plan.url}">{plan.title}</a>' in master_html

    case_html = page_html(case)
    assert "Plan vedtatt i denne saken" in case_html
    assert f'<a href="{plan.url}">{plan.title}</a>' in case_html

    # Loading the plans again changes nothing.
    before = list(PlanPage.objects.values_list("pk", "latest_revision_id"))
    load_plans(module_demo_site)
    assert list(PlanPage.objects.values_list("pk", "latest_revision_id")) == before


def test_case_27_19_is_decided_as_the_plan_it_adopted(module_demo_site, client, page_html):
    case = CasePage.objects.get(case_number=27, case_year=2019)
    assert case.status == CaseStatus.DECIDED
    (step, planned_step) = case.flow_steps.all()
    plan = PlanPage.objects.get(adoption_steps__case=case)
    assert plan.status == PlanStatus.ADOPTED
    assert (step.meeting.date, step.number_label) == (plan.adoption_steps.get().date, "27/19")
    html = page_html(case)
    assert "<dt>Status</dt><dd>Vedtatt</dd>" in html
    assert "Satt på sakslisten" not in html
    decision = html.split("<h2>Vedtak</h2>")[1]
    assert "<li>Temaplan rekruttering og kompetanse i helse og velferd vedtas.</li>" in decision
    assert "1. Temaplan rekruttering og kompetanse i helse og velferd vedtas.<br>" in html
    # «Publisert: 28.04.2011 17:50 Sist endret: 26.09.2019 08:27»: two public versions.
    assert 'Først publisert: <time datetime="2011-04-28">28.04.2011</time>' in html
    assert 'Siste faglige endring: <time datetime="2019-09-26">26.09.2019</time>' in html
    history = client.get(case.url + "versjoner/").content.decode()
    assert "2 publiserte versjoner" in history
    assert "26.09.2019 08:27" in history and "28.04.2011 17:50" in history
    # The meeting that decided it is held and records the outcome on its agenda.
    meeting_html = page_html(step.meeting)
    assert "Avholdt" in meeting_html
    assert "Prioritering av tiltak gjennomføres i budsjett- og økonomiplanprosesser." in (
        meeting_html
    )
    assert 'Først publisert: <time datetime="2019-09-18">18.09.2019</time>' in meeting_html
