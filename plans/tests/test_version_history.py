"""The public version history of document pages, shown on plans: versions, old versions, diffs,
dates, privacy."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from pytest_django.asserts import assertRedirects, assertTemplateUsed
from wagtail.models import Page, PageViewRestriction

from cms.versions import published_versions
from plans.factories import PlanIndexPageFactory, PlanPageFactory

OSLO = datetime.timezone(datetime.timedelta(hours=1))


def save_draft(page, **changes):
    draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft.save_revision()


@pytest.fixture
def history(home, publish, django_user_model):
    """A plan published three times: first version, a correction, a substantive change."""
    history = SimpleNamespace(index=PlanIndexPageFactory(parent=home))
    history.editor = django_user_model.objects.create_superuser("redaktor", password="x")
    with time_machine.travel(datetime.datetime(2024, 1, 10, 12, tzinfo=OSLO), tick=False):
        history.plan = PlanPageFactory(
            parent=history.index,
            title="Temaplan for kultur",
            slug="kultur",
            summary="<p>Kommunen skal styrke kulturtilbudet for unge.</p>",
            tags=["kultur", "ungdom"],
        )
        history.v1 = publish(history.plan, user=history.editor)
    with time_machine.travel(datetime.datetime(2024, 3, 5, 12, tzinfo=OSLO), tick=False):
        history.v2 = publish(
            history.plan,
            user=history.editor,
            summary="<p>Kommunen skal styrke kulturtilbudet for barn og unge.</p>",
            change_note="Rettet en utelatt målgruppe.",
            change_kind="correction",
        )
    with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=OSLO), tick=False):
        history.v3 = publish(
            history.plan,
            user=history.editor,
            summary="<p>Kommunen skal doble kulturtilbudet for barn og unge.</p>",
            change_note="Nytt mål vedtatt i kommunestyret.",
            change_kind="substantive",
        )
    history.plan.refresh_from_db()
    history.url = history.plan.url
    return history


def test_history_lists_every_published_version_newest_first(client, history):
    response = client.get(history.url + "versjoner/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 publiserte versjoner, nyeste først" in html
    for text in [
        "Første versjon",
        "Rettelse",
        "Faglig endring",
        "Rettet en utelatt målgruppe.",
        "Nytt mål vedtatt i kommunestyret.",
        "05.03.2024",
        "10.01.2024",
    ]:
        assert text in html
    assert html.index("Nytt mål vedtatt") < html.index("Rettet en utelatt")
    assert f'href="{history.url}versjoner/{history.v2.pk}/"' in html
    assert f'href="{history.url}versjoner/{history.v3.pk}/endringer/"' in html
    assert response["X-Robots-Tag"] == "noindex"


def test_a_correction_keeps_the_last_substantive_change_and_a_substantive_change_moves_it(
    client, history
):
    assert history.plan.first_published_at.date() == datetime.date(2024, 1, 10)
    assert history.plan.substantive_change_at.date() == datetime.date(2024, 6, 1)
    # The version published as a correction still shows the first publication's date;
    # each version's date comes from the history, the revisions stay as they were published.
    versions = published_versions(history.plan)
    assert versions[1].substantive_change_at is None
    assert versions[2].substantive_change_at.date() == datetime.date(2024, 6, 1)
    history.v2.refresh_from_db()
    assert history.v2.content["last_substantive_change_at"] is None
    history.v3.refresh_from_db()
    assert history.v3.content["last_substantive_change_at"] is None


def test_a_correction_after_a_substantive_change_keeps_its_date(client, history, publish):
    with time_machine.travel(datetime.datetime(2024, 9, 1, 12, tzinfo=OSLO), tick=False):
        publish(history.plan, change_kind="correction", change_note="Skrivefeil.")
    history.plan.refresh_from_db()
    assert history.plan.substantive_change_at.date() == datetime.date(2024, 6, 1)
    assert history.plan.last_published_at.date() == datetime.date(2024, 9, 1)


def test_an_old_version_is_shown_as_it_was_published_and_marked_as_old(client, history):
    response = client.get(f"{history.url}versjoner/{history.v1.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "styrke kulturtilbudet for unge" in html
    assert "doble kulturtilbudet" not in html
    assert "Du ser på en tidligere versjon (versjon 1) fra 10.01.2024." in html
    assert f'<a href="{history.url}">Gå til gjeldende versjon</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assertTemplateUsed(response, "plans/plan_page.html")


def test_the_current_version_redirects_to_the_page(client, history):
    response = client.get(f"{history.url}versjoner/{history.v3.pk}/")
    assertRedirects(response, history.url, fetch_redirect_response=False)


def test_the_diff_marks_inserted_and_deleted_words_per_field(client, history):
    html = client.get(f"{history.url}versjoner/{history.v3.pk}/endringer/").content.decode()
    assert "Endringer i versjon 3" in html
    assert "<del>styrke</del>" in html
    assert "<ins>doble</ins>" in html
    assert "Sammendrag" in html
    assert "{&quot;" not in html  # readable text, not raw JSON
    html = client.get(f"{history.url}versjoner/{history.v2.pk}/endringer/").content.decode()
    assert "<ins>barn og</ins>" in html


def test_the_first_version_has_nothing_to_compare_with(client, history):
    html = client.get(f"{history.url}versjoner/{history.v1.pk}/endringer/").content.decode()
    assert "Dette er den første publiserte versjonen" in html


def test_a_version_with_no_public_change_says_so(client, history, publish):
    revision = publish(history.plan, change_kind="correction", change_note="Ny publisering.")
    html = client.get(f"{history.url}versjoner/{revision.pk}/endringer/").content.decode()
    assert "Ingen endringer i de offentlige feltene" in html


def test_drafts_and_unpublished_revisions_are_not_reachable(client, history, publish):
    draft = save_draft(history.plan, summary="<p>Hemmelig utkast.</p>")
    other = PlanPageFactory(parent=history.index, title="Annen plan", slug="annen")
    other_revision = publish(other)
    for revision in (draft, other_revision):
        for suffix in ("", "endringer/"):
            response = client.get(f"{history.url}versjoner/{revision.pk}/{suffix}")
            assert response.status_code == 404, (revision, suffix)
    assert "Hemmelig utkast" not in client.get(history.url + "versjoner/").content.decode()
    assert client.get(f"{history.url}versjoner/999999/").status_code == 404


def test_a_revision_awaiting_scheduled_publishing_is_not_public(client, history):
    draft = history.plan.get_latest_revision_as_object()
    draft.summary = "<p>Kommer senere.</p>"
    draft.go_live_at = datetime.datetime(2099, 1, 1, tzinfo=OSLO)
    revision = draft.save_revision()
    revision.publish()
    assert client.get(f"{history.url}versjoner/{revision.pk}/").status_code == 404
    assert "Kommer senere" not in client.get(history.url).content.decode()


def test_an_unpublished_page_has_no_public_history(client, history):
    history.plan.unpublish()
    assert client.get(history.url + "versjoner/").status_code == 404
    assert client.get(f"{history.url}versjoner/{history.v1.pk}/").status_code == 404


def test_a_private_page_keeps_its_restriction_in_the_history(client, history):
    PageViewRestriction.objects.create(
        page=history.plan, restriction_type=PageViewRestriction.LOGIN
    )
    for url in (history.url + "versjoner/", f"{history.url}versjoner/{history.v1.pk}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]


def test_a_back_dated_first_publication_dates_the_first_version(client, home, publish):
    index = PlanIndexPageFactory(parent=home)
    plan = PlanPageFactory(parent=index, title="Strategi", slug="strategi")
    publish(plan)
    back_dated = datetime.datetime(2021, 12, 20, 12, tzinfo=OSLO)
    Page.objects.filter(pk=plan.pk).update(
        first_published_at=back_dated, last_published_at=back_dated
    )
    html = client.get(plan.url + "versjoner/").content.decode()
    assert "20.12.2021" in html
    plan.refresh_from_db()
    assert plan.substantive_change_at == back_dated
