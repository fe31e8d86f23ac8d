import re

import pytest
from django.db import connection

from home.factories import StandardPageFactory


@pytest.fixture
def site_with_pages(home):
    StandardPageFactory(
        parent=home,
        title="Kompetanseplaner i helse",
        slug="kompetanse",
        intro="<p>Kommunens planer for rekruttering av sykepleiere.</p>",
    )
    StandardPageFactory(parent=home, title="Vei og vann", slug="vei", intro="<p>Brøyting.</p>")
    return home


def test_search_finds_exact_words_and_reports_the_count(site_with_pages, client):
    html = client.get("/sok/", {"q": "rekruttering"}).content.decode()
    assert "1 treff på «rekruttering»" in html
    assert "Kompetanseplaner i helse" in html
    assert "Vei og vann" not in html


def test_search_without_hits_says_so(site_with_pages, client):
    html = client.get("/sok/", {"q": "flyplass"}).content.decode()
    assert "0 treff på «flyplass»" in html


def test_a_repeated_search_follows_each_publish_at_once(site_with_pages, client):
    """The hits of a query are kept until the next publish (cms.search), never longer."""
    assert (
        "0 treff på «brannstasjon»" in client.get("/sok/", {"q": "brannstasjon"}).content.decode()
    )
    page = StandardPageFactory(
        parent=site_with_pages, title="Ny brannstasjon", slug="brann", intro="<p>Bygges.</p>"
    )
    html = client.get("/sok/", {"q": "brannstasjon"}).content.decode()
    assert "1 treff på «brannstasjon»" in html and "Ny brannstasjon" in html
    page.unpublish()
    html = client.get("/sok/", {"q": "brannstasjon"}).content.decode()
    assert "0 treff på «brannstasjon»" in html and "Ny brannstasjon" not in html


def test_a_filtered_search_its_facets_and_results_follow_each_change_at_once(
    site_with_pages, client
):
    """The outcome of a query with filters and a sort (shown rows, facet counts, result text)
    is kept until the next change too, never longer."""
    params = {"q": "brannstasjon", "type": "home.standardpage", "sortering": "dato"}
    first = StandardPageFactory(
        parent=site_with_pages, title="Ny brannstasjon", slug="brann", intro="<p>Bygges.</p>"
    )
    html = client.get("/sok/", params).content.decode()
    assert "1 treff på «brannstasjon»" in html
    assert 'Standardsider <span class="facet-count">(1)</span>' in html
    StandardPageFactory(
        parent=site_with_pages, title="Brannstasjon nummer to", slug="brann-2", intro="<p>Ja.</p>"
    )
    html = client.get("/sok/", params).content.decode()
    assert "2 treff på «brannstasjon»" in html
    assert 'Standardsider <span class="facet-count">(2)</span>' in html
    first.title = "Gammel brannstasjon"
    first.save_revision().publish()
    html = client.get("/sok/", params).content.decode()
    assert "Gammel brannstasjon" in html and "Ny brannstasjon" not in html


def test_search_results_page_through_every_hit_once(site_with_pages, client):
    """Ten results a page; a page number that does not exist shows the last or first page."""
    for number in range(12):
        StandardPageFactory(
            parent=site_with_pages,
            title=f"Brannstasjon nr. {number}",
            slug=f"brann-{number}",
            intro="<p>Bygges.</p>",
        )

    def titles(side):
        html = client.get("/sok/", {"q": "brannstasjon", "side": side}).content.decode()
        assert "12 treff på «brannstasjon»" in html
        return re.findall(r">(Brannstasjon nr\. \d+)</a>", html)

    first, second = titles("1"), titles("2")
    assert len(first) == 10 and len(second) == 2
    assert sorted(first + second) == sorted(f"Brannstasjon nr. {n}" for n in range(12))
    assert titles("99") == second
    assert titles("to") == titles("") == first
    assert titles("2") == second


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_postgresql_search_stems_norwegian_words(site_with_pages, client):
    # The text says "planer", "Kommunens" and "rekruttering": these other forms of the same
    # words are found only through the Norwegian stemmer.
    for query in ["planene", "kommunene", "rekrutteringen"]:
        html = client.get("/sok/", {"q": query}).content.decode()
        assert "Kompetanseplaner i helse" in html, query


def test_a_page_number_of_any_length_is_no_error(site_with_pages, client):
    for side in ["9" * 5000, "1" * 10, "-1", "0", "²"]:
        response = client.get("/sok/", {"q": "kompetanse", "side": side})
        assert response.status_code == 200, side
        assert "Kompetanseplaner i helse" in response.content.decode()
