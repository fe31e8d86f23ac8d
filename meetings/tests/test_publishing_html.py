"""The history and tag pages are valid HTML (Nu validator, when installed)."""

import pytest

from cms.models import DocumentPage
from meetings.models import CasePage


@pytest.mark.django_db
def test_history_diff_old_version_and_tag_pages_are_valid_html(demo_site, html_errors):
    case = CasePage.objects.live().filter(exempt=False).first()
    first = case.live_revision
    draft = case.get_latest_revision_as_object()
    draft.title += " (endret)"
    draft.change_note = "Ny tittel."
    second = draft.save_revision()
    second.publish()
    case.refresh_from_db()
    tag = case.tags.first() or None
    urls = [
        case.url + "versjoner/",
        f"{case.url}versjoner/{first.pk}/",
        f"{case.url}versjoner/{second.pk}/endringer/",
        "/tema/",
    ]
    if tag is not None:
        urls.append(f"/tema/{tag.slug}/")
    assert isinstance(case, DocumentPage)
    errors = html_errors(urls)
    assert not errors, "\n".join(errors)
