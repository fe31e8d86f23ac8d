"""The plan listing at /planer/: filters, their combinations, counts, pagination and queries."""

import re

import pytest
import time_machine
from pytest_django.asserts import assertContains
from taggit.models import Tag

from cms.models import PageTag
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PLANS_PER_PAGE, PlanPage, PlanStatus, PlanType


def listed_titles(html):
    """The plan titles in the listing (not the timeline), in order."""
    listing = html.split('id="plan-list-heading"', 1)[1]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', listing)


@pytest.fixture
def march_2025():
    """1 March 2025, noon in Oslo, for the set-up and the test alike."""
    with time_machine.travel("2025-03-01 12:00 +01:00", tick=False):
        yield


@pytest.fixture
def filter_plans(march_2025, home):
    """Four live plans of different types, units, periods, statuses and tags, one draft."""
    index = PlanIndexPageFactory(parent=home)
    health = PlanPageFactory(
        parent=index,
        title="Kompetanseplan helse",
        plan_type=PlanType.COMPETENCE_PLAN,
        owning_unit="Kvalitet- og utviklingskontoret",
        period_from=2024,
        period_to=2027,
        status=PlanStatus.ADOPTED,
    )
    health.tags.add("kompetanse")
    health.save_revision().publish()
    PlanPageFactory(
        parent=index,
        title="Handlingsplan klima",
        plan_type=PlanType.ACTION_PLAN,
        owning_unit="Teknisk",
        period_from=2025,
        period_to=2026,
        status=PlanStatus.HEARING,
        hearing_deadline="2025-04-01",
    )
    old = PlanPageFactory(
        parent=index,
        title="Kompetanseplan gammel",
        plan_type=PlanType.COMPETENCE_PLAN,
        owning_unit="Kvalitet- og utviklingskontoret",
        period_from=2018,
        period_to=2021,
        status=PlanStatus.REPLACED,
        replaced_by=health,
    )
    old.tags.add("kompetanse")
    old.save_revision().publish()
    open_ended = PlanPageFactory(
        parent=index,
        title="Temaplan rekruttering",
        plan_type=PlanType.THEMATIC_PLAN,
        owning_unit="Helse og velferd",
        period_from=2019,
        period_to=None,
        status=PlanStatus.ADOPTED,
    )
    open_ended.tags.add("rekruttering")
    open_ended.save_revision().publish()
    PlanPageFactory(parent=index, title="Upublisert plan", live=False, period_from=2025)
    return index


@pytest.fixture
def get(client, filter_plans):
    def fetch(query=""):
        response = client.get(f"/planer/{query}")
        assert response.status_code == 200
        return response.content.decode()

    return fetch


def test_without_filters_every_live_plan_is_listed_newest_period_first(get):
    html = get()
    assert listed_titles(html) == [
        "Handlingsplan klima",
        "Kompetanseplan helse",
        "Temaplan rekruttering",
        "Kompetanseplan gammel",
    ]
    assert "4 planer" in html
    assert "Upublisert plan" not in html


def test_filter_by_status(get):
    html = get("?status=adopted")
    assert listed_titles(html) == ["Kompetanseplan helse", "Temaplan rekruttering"]
    assert "2 planer passer med filtrene." in html
    assert listed_titles(get("?status=hearing")) == ["Handlingsplan klima"]


def test_filter_by_plan_type(get):
    html = get("?type=competence_plan")
    assert listed_titles(html) == ["Kompetanseplan helse", "Kompetanseplan gammel"]


def test_filter_by_owning_unit(get):
    html = get("?unit=Teknisk")
    assert listed_titles(html) == ["Handlingsplan klima"]
    # The unit menu offers exactly the units that own a live plan.
    assert '<option value="Kvalitet- og utviklingskontoret">' in html
    assert "Upublisert" not in html


def test_filter_by_year_within_the_period(get):
    assert listed_titles(get("?year=2027")) == ["Kompetanseplan helse", "Temaplan rekruttering"]
    assert listed_titles(get("?year=2021")) == ["Temaplan rekruttering", "Kompetanseplan gammel"]
    # Both ends of a period count; an open-ended plan covers every later year.
    assert listed_titles(get("?year=2018")) == ["Kompetanseplan gammel"]
    assert listed_titles(get("?year=2040")) == ["Temaplan rekruttering"]


def test_filter_by_tag(get):
    html = get("?tag=kompetanse")
    assert listed_titles(html) == ["Kompetanseplan helse", "Kompetanseplan gammel"]
    assert '<option value="kompetanse" selected>kompetanse</option>' in html


def test_filters_combine(get):
    assert listed_titles(get("?type=competence_plan&status=adopted")) == ["Kompetanseplan helse"]
    assert listed_titles(get("?tag=kompetanse&year=2020")) == ["Kompetanseplan gammel"]
    assert listed_titles(
        get("?status=adopted&type=thematic_plan&unit=Helse+og+velferd&year=2025")
    ) == ["Temaplan rekruttering"]


def test_chosen_filters_stay_selected(get):
    html = get("?status=adopted&year=2025")
    assert '<option value="adopted" selected>Vedtatt</option>' in html
    assert re.search(r'<input type="text" name="year" value="2025"', html)
    assert "Fjern alle filtre" in html


def test_empty_result_says_so(get):
    html = get("?status=hearing&type=strategy")
    assert listed_titles(html) == []
    assert "0 planer passer med filtrene." in html
    assert "Ingen planer passer med filtrene du har valgt." in html


def test_bad_year_gets_an_error_next_to_the_field_and_other_filters_still_apply(get):
    html = get("?year=tjuetjuefem&status=adopted")
    assert "Skriv årstallet med fire sifre, for eksempel 2025." in html
    assert 'aria-describedby="id_year_helptext id_year_error"' in html
    assert 'aria-invalid="true"' in html
    assert listed_titles(html) == ["Kompetanseplan helse", "Temaplan rekruttering"]


def test_unknown_choice_gets_a_norwegian_error(get):
    html = get("?unit=Finnes+ikke")
    assert "Ingen plan eies av «Finnes ikke». Velg fra listen." in html


def test_every_filter_control_has_a_label(get):
    html = get()
    for name in ["status", "type", "unit", "year", "tag"]:
        assert f'<label for="id_{name}">' in html
        assert f'id="id_{name}"' in html


def test_tag_links_in_the_listing_keep_the_other_filters(get):
    html = get("?status=adopted")
    assert 'href="?status=adopted&amp;tag=kompetanse"' in html


@pytest.fixture
def many_plans(home):
    """PLANS_PER_PAGE + 3 plans running to 2030, every other one adopted."""
    index = PlanIndexPageFactory(parent=home)
    for number in range(PLANS_PER_PAGE + 3):
        PlanPageFactory(
            parent=index,
            title=f"Plan {number:02d}",
            status=PlanStatus.ADOPTED if number % 2 else PlanStatus.DRAFT,
            period_from=2000 + number,
            period_to=2030,
        )


def test_pagination_keeps_the_filters_in_the_url(client, many_plans):
    html = client.get("/planer/?year=2030").content.decode()
    assert f"{PLANS_PER_PAGE + 3} planer passer med filtrene." in html
    assert len(listed_titles(html)) == PLANS_PER_PAGE
    assert 'href="?year=2030&amp;side=2"' in html
    page_two = client.get("/planer/?year=2030&side=2").content.decode()
    assert listed_titles(page_two) == ["Plan 02", "Plan 01", "Plan 00"]
    assert 'href="?year=2030&amp;side=1"' in page_two
    assert "Side 2 av 2" in page_two


def test_a_page_number_out_of_range_shows_the_last_page(client, many_plans):
    html = client.get("/planer/?side=99").content.decode()
    assert "Side 2 av 2" in html


def test_the_timeline_shows_every_matching_plan_not_just_the_current_page(client, many_plans):
    html = client.get("/planer/?status=adopted").content.decode()
    assert html.count('class="plan-timeline__bar ') == (PLANS_PER_PAGE + 3) // 2


def timeline_titles(html):
    """The plan titles in the wide timeline's bars, in order."""
    svg = html.split("plan-timeline__svg--wide", 1)[1].split("</svg>", 1)[0]
    return re.findall(r'class="plan-timeline__label">([^<(]+) \(', svg)


def test_the_timeline_shows_the_plans_of_the_listed_page(client, many_plans):
    for side in ("1", "2"):
        html = client.get(f"/planer/?side={side}").content.decode()
        assert timeline_titles(html) == listed_titles(html)
    assert len(listed_titles(html)) == 3


def test_a_newly_published_plan_is_counted_offered_and_drawn_at_once(client, many_plans):
    html = client.get("/planer/").content.decode()  # fills the cached counts and choices
    assert f"{PLANS_PER_PAGE + 3} planer" in html and "Ny enhet" not in html
    PlanPageFactory(
        parent=PlanPage.objects.first().get_parent(),
        title="Plan 99",
        owning_unit="Ny enhet",
        period_from=2099,
        period_to=None,
    )
    html = client.get("/planer/").content.decode()
    assert f"{PLANS_PER_PAGE + 4} planer" in html
    assert '<option value="Ny enhet">Ny enhet</option>' in html
    assert timeline_titles(html)[0] == "Plan 99"


# The listing must not issue queries per plan: 5 and 50 plans cost the same.


def add_plans(index, count):
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ["felles", "emne-0", "emne-1"]]
    for number in range(PlanPage.objects.count(), count):
        plan = PlanPageFactory(
            parent=index,
            title=f"Plan {number}",
            period_from=2000 + number % 30,
            period_to=2004 + number % 30,
            replaced_by=PlanPage.objects.order_by("pk").first(),
            status=PlanStatus.REPLACED if number else PlanStatus.ADOPTED,
        )
        PageTag.objects.bulk_create(
            [PageTag(content_object=plan, tag=tag) for tag in (tags[0], tags[1 + number % 2])]
        )


def test_queries_do_not_grow_with_the_number_of_plans(client, home, django_assert_max_num_queries):
    def count_queries(url):
        client.get(url)  # warm the per-process caches (site root paths)
        with django_assert_max_num_queries(20) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assertContains(response, 'class="plan-list__item"')
        return len(queries)

    index = PlanIndexPageFactory(parent=home)
    # The first page as most visitors reach it is kept per content generation (`{%
    # page_fragment %}`); with a query string every page of the list is rendered, so page 2 is
    # compared with page 1 rendered.
    urls = [
        "/planer/",
        "/planer/?status=replaced&tag=felles&year=2003",
        "/planer/?side=1",
        "/planer/?side=2",
    ]
    add_plans(index, 5)
    few = {url: count_queries(url) for url in urls[:3]}
    add_plans(index, 50)
    many = {url: count_queries(url) for url in urls}
    for url in urls[:3]:
        assert few[url] == many[url], url
    assert many["/planer/?side=2"] == many["/planer/?side=1"]
    assert max(many.values()) <= 20
