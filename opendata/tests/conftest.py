"""Fixtures of the open-data tests: an empty response cache, the OParl schemas, a crawler."""

import datetime
import json
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

SCHEMA_DIR = Path(__file__).parent / "oparl_schema"
OPARL_PREFIX = "http://testserver/oparl/v1/"


@pytest.fixture(autouse=True)
def empty_cache():
    """Responses are cached by URL; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def oparl_validator():
    """validate(obj): checks an OParl object against the schema of its `type` (OParl 1.1)."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = {path.name: json.loads(path.read_text()) for path in SCHEMA_DIR.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )

    def validate(obj):
        name = obj["type"].rsplit("/", 1)[-1]
        schema = schemas[f"{name}.json"]
        if obj.get("deleted"):
            # The spec's rule for deleted objects (4.7) overrides the type's required list:
            # they keep id, type and created, and carry modified and deleted, nothing else.
            assert set(obj) <= {"id", "type", "created", "modified", "deleted"}, obj
            schema = {**schema, "required": ["id", "type", "deleted"]}
        validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.path))
        assert not errors, f"{obj['id']}: " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors
        )
        return name

    return validate


def urls_in(value):
    """Every absolute URL of this host in a JSON value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from urls_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item)
    elif isinstance(value, str) and value.startswith("http://testserver/"):
        yield value


def objects_in(value):
    """Every OParl object (a dict with id and type) in a JSON value, embedded ones too."""
    if isinstance(value, dict):
        if "id" in value and str(value.get("type", "")).startswith("https://schema.oparl.org/"):
            yield value
        for item in value.values():
            yield from objects_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item)


@pytest.fixture
def crawl(client):
    """crawl(start) -> {url: response}: every URL of this host reachable from `start`.

    JSON responses are parsed and followed; other responses (web pages, files) are fetched
    but not followed. Each response's decoded body is in `body_text`.
    """

    def run(*starts):
        seen, queue, responses = set(starts), deque(starts), {}
        while queue:
            url = queue.popleft()
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = client.get(path)
            responses[url] = response
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            response.body_text = content.decode("utf-8", "replace")
            if not response.get("Content-Type", "").startswith("application/json"):
                continue
            for found in urls_in(json.loads(content)):
                if found not in seen:
                    seen.add(found)
                    queue.append(found)
        return responses

    return run


@pytest.fixture
def committee(home):
    """The default site with one committee, «Formannskapet», under /politikk/."""
    from meetings.factories import BodyIndexPageFactory, BodyPageFactory

    index = BodyIndexPageFactory(parent=home)
    return BodyPageFactory(parent=index, title="Formannskapet", slug="formannskapet")


@pytest.fixture
def add_meetings():
    """add_meetings(body, count, start=0): meetings with agendas, minutes, cases and files.

    Each meeting has two agenda items (one on a case with a flow step and an attachment), a
    new member of the body, and minutes with a vote and that member present. Every page gets
    the publishing dates a publish would give it.
    """
    from django.utils import timezone
    from wagtail.models import Page

    from meetings.factories import (
        AgendaItemFactory,
        CasePageFactory,
        DocumentFactory,
        MeetingPageFactory,
        MinutesPageFactory,
        PersonFactory,
    )
    from meetings.models import (
        Attendance,
        BodyMember,
        CaseAttachment,
        CaseFlowStep,
        MinutesItem,
    )

    def add(body, count, start=0):
        for n in range(start, start + count):
            person = PersonFactory()
            BodyMember.objects.create(page=body, person=person)
            meeting = MeetingPageFactory(
                parent=body,
                date=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
                place_name=f"Sal {n % 3}",
            )
            case = CasePageFactory(parent=body, case_year=2019, case_number=n + 1)
            CaseFlowStep.objects.create(page=case, body=body, meeting=meeting, case_number=n + 1)
            CaseAttachment.objects.create(page=case, document=DocumentFactory())
            AgendaItemFactory(page=meeting, case=case, number=n + 1)
            AgendaItemFactory(page=meeting, number=100 + n)
            minutes = MinutesPageFactory(parent=meeting)
            MinutesItem.objects.create(
                page=minutes, number=n + 1, title="Sak", decision="Vedtatt", votes_for=5
            )
            Attendance.objects.create(page=minutes, person=person)
        now = timezone.now()
        Page.objects.filter(first_published_at=None).update(
            first_published_at=now, last_published_at=now
        )

    return add
