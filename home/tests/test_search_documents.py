"""Site search as a citizen uses it: what it finds, why (excerpts), facets, sorting and states."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from meetings.factories import BodyIndexPageFactory, BodyPageFactory, CasePageFactory
from meetings.models import CaseAttachment
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanAttachment

BASIS = "Offl. § 13, jf. fvl. § 13"


def result_titles(html):
    """The titles of the results, without the <mark> tags."""
    items = re.findall(r'<ol class="search-results">(.*?)</ol>', html, re.S)
    titles = re.findall(r"<h2><a [^>]*>(.*?)</a></h2>", items[0] if items else "", re.S)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def count_text(html):
    return re.search(r'<p role="status" class="search-count">(.*?)</p>', html, re.S).group(1)


def facet_options(html, name):
    """{label: (count, href)} of one facet."""
    block = re.search(
        rf'<ul class="facet-list" aria-labelledby="facet-{name}">(.*?)</ul>', html, re.S
    )
    if block is None:
        return {}
    options = {}
    for href, label, count in re.findall(
        r'<a href="([^"]*)"[^>]*>(?:<span class="visually-hidden">[^<]*</span>)?(.*?) '
        r'<span class="facet-count">\((\d+)\)</span></a>',
        block.group(1),
    ):
        options[label] = (int(count), href.replace("&amp;", "&"))
    return options


def search(client, **params):
    response = client.get("/sok/", params)
    assert response.status_code == 200
    return response.content.decode()


# --- The demo -------------------------------------------------------------------------------


@pytest.fixture
def demo(module_demo_site, db):
    return module_demo_site


def test_kompetanse_finds_the_plans_the_case_and_the_minutes(demo, client):
    html = search(client, q="kompetanse")
    types = facet_options(html, "type")
    assert {"Planer", "Saker", "Referater"} <= set(types)
    plans = result_titles(search(client, q="kompetanse", type="plans.planpage"))
    assert "Kompetanseplan Helse- og omsorgsavdelingen 2024-2027" in plans
    assert "Temaplan kompetanse og rekruttering helse og velferd" in plans
    cases = result_titles(search(client, q="kompetanse", type="meetings.casepage"))
    assert cases == ["Temaplan kompetanse og rekruttering helse og velferd"]
    minutes = result_titles(search(client, q="kompetanse", type="meetings.minutespage"))
    assert minutes == ["Referat fra møte i Kompetanseforum"]


def test_the_start_of_a_compound_word_finds_it(demo, client):
    titles = result_titles(search(client, q="kompetanse", type="meetings.meetingpage"))
    assert any(title.startswith("Kompetanseforum") for title in titles)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Norwegian stemming: PostgreSQL")
def test_kompetanseplanen_finds_the_competence_plan(demo, client):
    titles = result_titles(search(client, q="kompetanseplanen"))
    assert "Kompetanseplan Helse- og omsorgsavdelingen 2024-2027" in titles


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Norwegian stemming: PostgreSQL")
def test_planen_planer_and_plan_find_each_other(demo, client):
    found = {
        word: set(result_titles(search(client, q=word, type="plans.planpage")))
        for word in ("plan", "planen", "planer")
    }
    assert found["plan"] and found["plan"] == found["planen"] == found["planer"]


def test_results_show_type_date_body_number_and_a_marked_excerpt(demo, client):
    html = search(client, q="budsjettforslag")
    item = re.search(r'<ol class="search-results">(.*?)</ol>', html, re.S).group(1)
    assert "Referat" in item and "Kompetanseforum" in item
    assert re.search(r"<time datetime=\"2014-09-04\">", item)
    assert "<mark>budsjettforslag</mark>" in item
    case_item = search(client, q="kompetanse", type="meetings.casepage")
    assert "Sak 27/19" in case_item and "Driftskomiteen" in case_item


def test_facets_narrow_and_count(demo, client):
    html = search(client, q="kompetanse")
    total = int(re.match(r"(\d+)", count_text(html)).group(1))
    types = facet_options(html, "type")
    assert sum(count for count, _href in types.values()) == total
    for label, (count, href) in types.items():
        narrowed = client.get("/sok/" + href).content.decode()
        assert count_text(narrowed).startswith(f"{count} treff"), label
    # A second facet combines with the first, and its counts follow the first.
    plans_only = client.get("/sok/" + types["Planer"][1]).content.decode()
    years = facet_options(plans_only, "ar")
    assert sum(count for count, _href in years.values()) == types["Planer"][0]
    year, (count, href) = next(iter(years.items()))
    both = client.get("/sok/" + href).content.decode()
    assert count_text(both).startswith(f"{count} treff")
    assert "type=plans.planpage" in href and f"ar={year}" in href
    # The chosen value is marked and its link removes it again.
    chosen = facet_options(both, "type")["Planer"]
    assert "type=" not in chosen[1]
    assert 'aria-current="true"' in both


def test_a_facet_by_body_and_tag(demo, client):
    html = search(client, q="kompetanse")
    bodies = facet_options(html, "organ")
    count, href = bodies["Kompetanseforum"]
    narrowed = client.get("/sok/" + href).content.decode()
    assert count_text(narrowed).startswith(f"{count} treff")
    tags = facet_options(html, "tema")
    assert tags
    label, (count, href) = next(iter(tags.items()))
    assert count_text(client.get("/sok/" + href).content.decode()).startswith(f"{count} treff")


def test_sorting_by_date_puts_the_newest_first(demo, client):
    html = search(client, q="kompetanse", sortering="dato")
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert dates == sorted(dates, reverse=True) and len(dates) > 2


def test_the_states_empty_none_found_and_too_long(demo, client):
    assert "Skriv ett eller flere ord" in search(client, q="")
    none = search(client, q="zzqxyordsomikkefinnes")
    assert count_text(none).startswith("0 treff")
    assert "Ingen treff." in none
    long_query = search(client, q="kompetanse " * 40)
    assert "Søket er for langt" in long_query


def test_bad_facet_values_get_a_message_not_an_error(demo, client):
    html = search(client, q="kompetanse", ar="²", type="<script>", organ="../..", sortering="x")
    assert "Skriv årstallet med fire sifre" in html
    assert "Ukjent dokumenttype i filteret." in html
    assert "<script>" not in html.split("</header>", 1)[-1]


def test_search_promotions_come_first(demo, client):
    from plans.models import PlanPage

    plan = PlanPage.objects.get(slug="kompetanseloft-2025")
    assert 'class="search-promotions"' not in search(client, q="Kompetanse")
    query = Query.objects.create(query_string="kompetanse")
    promotion = SearchPromotion.objects.create(
        query=query, page=plan, description="Fra redaksjonen"
    )
    # At once, although the search and its picks are kept until the next change.
    html = search(client, q="Kompetanse")
    promoted = html.index('class="search-promotions"')
    assert promoted < html.index('class="search-results"')
    assert "Fra redaksjonen" in html
    promotion.delete()
    assert "Fra redaksjonen" not in search(client, q="Kompetanse")
    assert not Query.objects.filter(query_string="noe annet").exists()
    search(client, q="noe annet")
    assert not Query.objects.filter(query_string="noe annet").exists(), "a search wrote a row"


# --- Attachments and exempt content --------------------------------------------------------


@pytest.fixture
def body(home):
    return BodyPageFactory(parent=BodyIndexPageFactory(parent=home))


def test_a_word_only_in_an_attachment_finds_the_case_and_names_it(body, pdf_document, client):
    case = CasePageFactory(parent=body, title="Ny skolestruktur")
    document = pdf_document("Utredning", "Rapporten om Kvalitetsrevisjonsordningen i skolen")
    CaseAttachment.objects.create(page=case, document=document, title="Utredning av skolene")
    case.save_revision().publish()
    html = search(client, q="kvalitetsrevisjonsordningen")
    assert result_titles(html) == ["Ny skolestruktur"]
    assert "Treff i vedlegget «Utredning av skolene»" in html
    assert "<mark>Kvalitetsrevisjonsordningen</mark>" in html


def test_a_plan_attachment_is_searched_too(home, pdf_document, client):
    plan = PlanPageFactory(parent=PlanIndexPageFactory(parent=home), title="Boligplan")
    document = pdf_document("Vedlegg", "Tomtereserveanalyse for sentrum")
    PlanAttachment.objects.create(page=plan, document=document)
    plan.save_revision().publish()
    html = search(client, q="tomtereserveanalyse")
    assert result_titles(html) == ["Boligplan"]
    assert "Treff i vedlegget «Vedlegg»" in html


def test_exempt_words_are_never_found(body, pdf_document, client):
    case = CasePageFactory(parent=body, title="Innkjøp av busser")
    CaseAttachment.objects.create(
        page=case,
        document=pdf_document("Tilbud", "Hemmeligleverandoren tilbyr busser"),
        exempt=True,
        exempt_basis=BASIS,
        public_title="Tilbud (unntatt)",
    )
    exempt_case = CasePageFactory(
        parent=body,
        title="Personalsak",
        exempt=True,
        exempt_basis=BASIS,
        facts="<p>Skjultnavnet Hansen</p>",
        search_description="",
    )
    CaseAttachment.objects.create(
        page=exempt_case, document=pdf_document("Notat", "Skjultvedleggsord i notatet")
    )
    for page in (case, exempt_case):
        page.save_revision().publish()
    for word in ("hemmeligleverandoren", "skjultnavnet", "skjultvedleggsord"):
        html = search(client, q=word)
        assert count_text(html).startswith("0 treff"), word
        assert result_titles(html) == [], word
    assert result_titles(search(client, q="busser")) == ["Innkjøp av busser"]


def test_an_unreadable_pdf_is_no_error(body, client):
    from meetings.factories import DocumentFactory

    case = CasePageFactory(parent=body, title="Sak med ødelagt vedlegg")
    CaseAttachment.objects.create(page=case, document=DocumentFactory())
    case.save_revision().publish()
    assert result_titles(search(client, q="ødelagt")) == ["Sak med ødelagt vedlegg"]


# --- Bounded queries ------------------------------------------------------------------------


def queries_for_search(client, expected_hits):
    search(client, q="vannverk")  # warm the site and content type caches
    with CaptureQueriesContext(connection) as queries:
        html = search(client, q="vannverk", sortering="dato")
    assert count_text(html).startswith(f"{expected_hits} treff")
    assert len(result_titles(html)) == 10
    return len(queries)


def test_the_query_count_does_not_grow_with_the_hits(body, client):
    for number in range(12):
        CasePageFactory(parent=body, title=f"Vannverk {number}")
    small = queries_for_search(client, 12)
    for number in range(12, 42):
        CasePageFactory(parent=body, title=f"Vannverk {number}")
    # One full-text query, one prefix query, the tags, the bodies, then the shown page of ten.
    assert queries_for_search(client, 42) == small


def test_a_case_is_counted_under_its_own_year_not_its_publication(body, client):
    # Published in the demo's "now" (first_published_at), but case 12/19 belongs to 2019.
    CasePageFactory(parent=body, title="Vannforsyning i sentrum", case_year=2019)
    years = facet_options(search(client, q="vannforsyning"), "ar")
    assert list(years) == ["2019"]
    narrowed = client.get("/sok/" + years["2019"][1]).content.decode()
    assert result_titles(narrowed) == ["Vannforsyning i sentrum"]


def test_results_of_every_type_load_in_one_query_per_type_and_relation(demo, client):
    """Excerpts read relations (case flow, agenda items, attachments) per type, not per page."""
    client.get("/sok/", {"q": "kompetanse"})
    with CaptureQueriesContext(connection) as queries:
        html = search(client, q="kompetanse")
    assert len(result_titles(html)) == 10
    tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries]
    repeated = {table for table in tables if tables.count(table) > 1}
    # Pages are read per type, and meetings twice (minutes' meetings, then the meeting type).
    assert repeated <= {"wagtailcore_page", "meetings_meetingpage"}, tables
