"""Tag pages /tema/<tag>/ across document types, the tag overview, home page tags, admin."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from meetings.factories import BodyIndexPageFactory, BodyPageFactory, CasePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def tagged(page, *names):
    page.tags.add(*names)
    page.save()
    return page


def published_at(page, day):
    when = datetime.datetime(2024, 1, 1, 12, tzinfo=OSLO) + datetime.timedelta(days=day)
    Page.objects.filter(pk=page.pk).update(first_published_at=when)


@pytest.fixture
def tags(home):
    """Published plans and a case tagged «Folkehelse», and pages the tag pages must not show."""
    tags = SimpleNamespace(home=home)
    tags.plans = PlanIndexPageFactory(parent=tags.home)
    bodies = BodyIndexPageFactory(parent=tags.home)
    tags.body = BodyPageFactory(parent=bodies, title="Helse- og omsorgsutvalget", slug="hou")
    tags.plan = tagged(
        PlanPageFactory(parent=tags.plans, title="Temaplan folkehelse"), "Folkehelse", "Kultur"
    )
    published_at(tags.plan, 1)
    tags.case = tagged(
        CasePageFactory(parent=tags.body, body_page=tags.body, title="Sak om folkehelse"),
        "Folkehelse",
    )
    published_at(tags.case, 5)
    tags.untagged = PlanPageFactory(parent=tags.plans, title="Plan uten tema")
    tags.draft = tagged(
        PlanPageFactory(parent=tags.plans, title="Upublisert plan", live=False), "Folkehelse"
    )
    tags.private = tagged(PlanPageFactory(parent=tags.plans, title="Privat plan"), "Folkehelse")
    PageViewRestriction.objects.create(
        page=tags.private, restriction_type=PageViewRestriction.LOGIN
    )
    return tags


def test_the_tag_page_lists_published_documents_of_every_type_newest_first(client, tags):
    response = client.get("/tema/folkehelse/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tema: Folkehelse</h1>" in html
    assert "2 publiserte dokumenter" in html
    assert f'href="{tags.case.url}"' in html
    assert f'href="{tags.plan.url}"' in html
    assert html.index("Sak om folkehelse") < html.index("Temaplan folkehelse")
    for hidden in ("Upublisert plan", "Privat plan", "Plan uten tema"):
        assert hidden not in html


def test_the_type_filter_narrows_the_list(client, tags):
    html = client.get("/tema/folkehelse/?type=plans.planpage").content.decode()
    assert "Temaplan folkehelse" in html
    assert "Sak om folkehelse</a>" not in html
    assert '<option value="plans.planpage" selected>' in html
    assert '<option value="meetings.casepage">' in html


def test_an_unknown_tag_is_404(client, tags):
    assert client.get("/tema/finnes-ikke/").status_code == 404


def test_tags_on_a_document_link_to_their_tag_page(client, tags):
    from django.template.loader import render_to_string

    html = render_to_string("components/document_meta.html", {"page": tags.plan})
    assert '<a href="/tema/folkehelse/">Folkehelse</a>' in html
    assert f'<a href="{tags.plan.url}versjoner/">Se tidligere versjoner</a>' in html


def test_the_overview_and_the_home_page_show_the_tags_in_use(client, tags):
    html = client.get("/tema/").content.decode()
    assert 'Folkehelse <span class="tag-count">(2 dokumenter)</span>' in html
    assert 'Kultur <span class="tag-count">(1 dokument)</span>' in html
    home = client.get("/").content.decode()
    assert "Mest brukte temaer" in home
    assert home.index(">Folkehelse") < home.index(">Kultur")


def test_the_tag_page_needs_the_same_number_of_queries_for_5_and_30_documents(client, tags):
    def count_queries():
        client.get("/tema/folkehelse/")  # warm the site root cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tema/folkehelse/").status_code == 200
        return len(queries)

    for _ in range(3):
        tagged(PlanPageFactory(parent=tags.plans), "Folkehelse")
    few = count_queries()
    for _ in range(25):
        tagged(PlanPageFactory(parent=tags.plans), "Folkehelse")
    assert count_queries() == few
    assert few <= 10


def test_the_admin_autocompletes_tags_from_the_shared_vocabulary(client, tags):
    user = get_user_model().objects.create_superuser("redaktor", password="x")
    client.force_login(user)
    response = client.get("/admin/tag-autocomplete/", {"term": "folk"})
    assert response.status_code == 200
    assert "Folkehelse" in response.content.decode()


def test_the_tag_page_follows_a_publish_and_an_unpublish_at_once(client, tags):
    """The order of the tagged pages is kept until the next change: a new tagged page and an
    unpublished one show on the next visit, on every page of the list and in every filter."""
    assert "Sak om folkehelse</a>" in client.get("/tema/folkehelse/").content.decode()
    client.get("/tema/folkehelse/?type=plans.planpage")
    new = tagged(PlanPageFactory(parent=tags.plans, title="Ny plan for folkehelse"), "Folkehelse")
    new.save_revision().publish()
    html = client.get("/tema/folkehelse/").content.decode()
    assert "3 publiserte dokumenter" in html
    assert html.index("Ny plan for folkehelse") < html.index("Sak om folkehelse")
    assert (
        "Ny plan for folkehelse"
        in client.get("/tema/folkehelse/?type=plans.planpage").content.decode()
    )
    tags.case.unpublish()
    html = client.get("/tema/folkehelse/").content.decode()
    assert "Sak om folkehelse</a>" not in html
    assert "2 publiserte dokumenter" in html


def test_the_tag_page_pages_through_the_list_newest_first(client, tags):
    for day in range(22):
        published_at(
            tagged(PlanPageFactory(parent=tags.plans, title=f"Plan nr. {day}"), "Kultur"), 10 + day
        )
    first = client.get("/tema/kultur/").content.decode()
    second = client.get("/tema/kultur/?side=2").content.decode()
    assert "Plan nr. 21<" in first and "Plan nr. 2<" in first and "Plan nr. 1<" not in first
    assert "Plan nr. 1<" in second and "Plan nr. 0<" in second and "Temaplan folkehelse" in second
    assert "Plan nr. 21<" not in second


def test_a_tag_renamed_in_the_django_admin_shows_its_new_name_at_once(client, tags):
    from taggit.models import Tag

    for url in ("/tema/folkehelse/", "/tema/", "/"):
        assert "Folkehelse og trivsel" not in client.get(url).content.decode()
    tag = Tag.objects.get(slug="folkehelse")
    tag.name = "Folkehelse og trivsel"
    tag.save()
    html = client.get("/tema/folkehelse/").content.decode()
    assert "Tema: Folkehelse og trivsel" in html
    assert "emneknaggen «Folkehelse og trivsel»" in html
    assert "Folkehelse og trivsel" in client.get("/tema/").content.decode()
