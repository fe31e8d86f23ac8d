"""Search results come best first: ranked by relevance as Wagtail's backend ranks them.

On SQLite the ranking is read in one pass (cms.search.ranked_rows) instead of Wagtail's
per-hit subquery; the order must stay the one Wagtail gives.
"""

import re

import pytest
from django.apps import apps
from django.utils.text import slugify
from wagtail.models import Page

FILLER = (
    "Kommunestyret behandlet saken om drift, vedlikehold, brøyting, skoleskyss, bibliotek, "
    "idrettshaller, kulturhus, parkering, renovasjon, gatelys og sykkelveier i sentrum. "
)


def add_page(parent, title, intro):
    """A published standard page below `parent` (looked up by label: cms builds below home)."""
    page_class = apps.get_model("home", "StandardPage")
    page = page_class(title=title, slug=slugify(title), intro=f"<p>{intro}</p>")
    parent.add_child(instance=page)
    return page


def result_titles(client, **params):
    html = client.get("/sok/", params).content.decode()
    items = re.findall(r'<ol class="search-results">(.*?)</ol>', html, re.S)
    titles = re.findall(r"<h2><a [^>]*>(.*?)</a></h2>", items[0] if items else "", re.S)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def ranked_site(home):
    # Created so that neither id nor date order is the relevance order: the weakest hit is
    # the newest page, the strongest sits in the middle.
    add_page(home, "Vannverk ved elva", "Orientering om anlegget.")
    add_page(
        home,
        "Vannverk i sentrum",
        "Nytt vannverk: vannverk, vannverk og ledninger til vannverk i sentrum.",
    )
    add_page(home, "Budsjett", FILLER * 3 + "Et vannverk er nevnt her. " + FILLER * 3)
    return home


def test_results_come_by_relevance(ranked_site, client):
    titles = result_titles(client, q="vannverk")
    assert set(titles) == {"Vannverk ved elva", "Vannverk i sentrum", "Budsjett"}
    # The word in the title and four times in a short text beats the title alone, and a
    # single mention in a long text with another title comes last.
    assert titles[0] == "Vannverk i sentrum"
    assert titles[-1] == "Budsjett"


def test_the_order_is_wagtails_relevance_order(ranked_site, client):
    for extra in range(4):
        add_page(ranked_site, f"Notat {extra}", "vannverk " * (extra + 1) + FILLER * extra)
    wagtail_order = [
        page.title
        for page in Page.objects.live()
        .public()
        .search("vannverk", operator="and", order_by_relevance=True)
    ]
    assert len(wagtail_order) == 7
    assert result_titles(client, q="vannverk") == wagtail_order
