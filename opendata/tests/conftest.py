"""Fixtures of the open-data tests: an empty response cache, the OParl schemas, a crawler."""

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
        validator = Draft202012Validator(
            schemas[f"{name}.json"], registry=registry, format_checker=FormatChecker()
        )
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
