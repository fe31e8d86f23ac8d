"""The anonymous page cache: served from the cache until a change, fresh everywhere at once.

The cache is off in the other tests (PAGE_CACHE_SECONDS=0 in cms.settings.test) and on here.
"""

import pytest
from django.http import HttpResponse
from wagtail.models import Page

from cms.cache import PageCacheMiddleware
from cms.generation import generation
from meetings.models import BodyPage, CasePage, Person


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def case(module_demo_site, db):
    return CasePage.objects.live().get(url_path__endswith="/saker/2019-27/")


def body_text(response):
    return response.content.decode()


def test_a_second_anonymous_visit_is_served_from_the_cache(case, client):
    first = client.get(case.url)
    second = client.get(case.url)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    # The security headers are added around the cache, so a hit has them too.
    assert "Content-Security-Policy" in second and "X-Request-ID" in second


def pages_listing(case):
    body = BodyPage.objects.get(pk=case.body_page_id)
    return [case.url, body.url, "/", f"/tema/{case.tags.first().slug}/", "/sitemap-saker.xml"]


def test_publishing_shows_the_new_version_everywhere_at_once(case, client):
    case.tags.add("Godtgjøring")
    case.save_revision().publish()
    urls = pages_listing(case)
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response["X-Cache"] == "HIT"
        assert url.endswith(".xml") or case.title in body_text(response), url
    case.title = "Reglement for godtgjøring, revidert"
    case.save_revision().publish()
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        if url.endswith(".xml"):
            continue  # the sitemap lists addresses, not titles
        assert "Reglement for godtgjøring, revidert" in body_text(response), url


def test_a_new_case_appears_on_its_body_page_and_in_the_sitemap(case, client):
    body = BodyPage.objects.get(pk=case.body_page_id)
    client.get(body.url)
    assert client.get(body.url)["X-Cache"] == "HIT"
    new = CasePage(title="Ny sak om brøyting", case_year=2019, facts="<p>Fakta.</p>")
    body.add_child(instance=new)
    new.save_revision().publish()
    new.refresh_from_db()
    assert "Ny sak om brøyting" in body_text(client.get(body.url))
    assert new.url_path.split("/")[-2] in body_text(client.get("/sitemap-saker.xml"))


def test_unpublish_move_and_delete_empty_the_cache(case, client):
    client.get(case.url)
    assert client.get(case.url)["X-Cache"] == "HIT"
    case.unpublish()
    assert client.get(case.url).status_code == 404

    standard = Page.objects.get(url_path__endswith="/om-nettstedet/")
    url = standard.url
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    standard.move(Page.objects.get(url_path__endswith="/tilgjengelighetserklaering/"), "last-child")
    # Wagtail leaves a redirect from the old address, which the cache must not hide.
    moved = client.get(url)
    assert moved.status_code == 301
    assert moved["Location"] == "/tilgjengelighetserklaering/om-nettstedet/"

    plans = Page.objects.get(url_path__endswith="/planer/")
    client.get("/planer/")
    assert client.get("/planer/")["X-Cache"] == "HIT"
    plans.delete()
    assert client.get("/planer/").status_code == 404


def test_a_draft_keeps_the_cache_and_stays_unseen(case, client):
    client.get(case.url)
    before = generation()
    case.title = "Utkast som ikke er publisert"
    case.save_revision()
    assert generation() == before
    response = client.get(case.url)
    assert response["X-Cache"] == "HIT"
    assert "Utkast som ikke er publisert" not in body_text(response)


def test_changing_a_person_empties_the_cache(case, client):
    client.get(case.url)
    person = Person.objects.get(pk=case.case_officer_id)
    person.phone = "71 11 22 33"
    person.save()
    response = client.get(case.url)
    assert response["X-Cache"] == "MISS"
    assert "71 11 22 33" in body_text(response)


def test_logged_in_editors_are_never_served_or_stored(case, client, django_user_model):
    editor = django_user_model.objects.create_superuser("redaktor", "r@example.no", "pw")
    client.force_login(editor)
    first = client.get(case.url)
    assert "X-Cache" not in first and "X-Cache" not in client.get(case.url)
    client.logout()
    assert client.cookies.get("sessionid") is None or not client.cookies["sessionid"].value
    assert client.get(case.url)["X-Cache"] == "MISS"


def test_post_and_private_or_cookie_setting_responses_are_not_stored(rf):
    def view(response):
        middleware = PageCacheMiddleware(lambda request: response)
        middleware(rf.get("/privat/"))
        return middleware(rf.get("/privat/")).get("X-Cache")

    private = HttpResponse("hemmelig")
    private["Cache-Control"] = "private"
    assert view(private) is None
    with_cookie = HttpResponse("hei")
    with_cookie.set_cookie("valg", "1")
    assert view(with_cookie) is None
    varies = HttpResponse("hei")
    varies["Vary"] = "Accept-Language"
    assert view(varies) is None
    posted = PageCacheMiddleware(lambda request: HttpResponse("ok"))
    assert "X-Cache" not in posted(rf.post("/"))
