"""Helpers of the records tests: an empty site to import into, and the text citizens read."""

import io
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model

from meetings.models import BodyIndexPage, Person
from plans.models import PlanIndexPage


def _flush_records():
    """Delete every body, meeting, case, plan, person and document: an empty site with indexes."""
    for model in (BodyIndexPage, PlanIndexPage):
        for index in model.objects.all():
            for child in index.get_children():
                child.delete()
    Person.objects.all().delete()
    for document in get_document_model().objects.all():
        document.file.delete(save=False)
        document.delete()


class MainText(HTMLParser):
    """The visible text inside <main>, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "main" or self.depth:
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    def text(self):
        return " ".join(" ".join(self.parts).split())


def _main_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = MainText()
    parser.feed(response.content.decode())
    return parser.text()


def _export_data(path):
    """The export at `path` without what differs between two exports of equal content."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("file", "exported_at")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture
def exported(demo_site, tmp_path):
    """The demo exported to tmp_path/demo.json, with its files beside it."""
    path = tmp_path / "demo.json"
    call_command("export_records", str(path), stderr=io.StringIO())
    return path


@pytest.fixture
def flush_records():
    """Call it to empty the site of records (the home page and the indexes stay)."""
    return _flush_records


@pytest.fixture
def main_text(client):
    """main_text(url): the text of the page's <main> as a citizen reads it."""
    return lambda url: _main_text(client, url)


@pytest.fixture
def export_data():
    """export_data(path): an export without its date and file locations, for comparing."""
    return _export_data
