"""/healthz answers 200 when database and cache work, 503 naming what fails; request ids."""

import pytest

from cms import health
from cms.settings.base import redis_cache


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["cache"].startswith("error")


def test_pages_are_served_without_the_cache_when_it_is_unreachable(home, client, settings):
    """Redis down: visitors still get the page (rendered each time); /healthz tells the ops."""
    # The production Redis set-up, pointed at a port where nothing listens.
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}
    for _ in range(2):
        response = client.get(home.url)
        assert response.status_code == 200
        assert response.get("X-Cache") != "HIT"
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken():
        raise RuntimeError("down")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: RuntimeError"


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_sent_back(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc12345-lb"})
    assert response["X-Request-ID"] == "abc12345-lb"
    assert len(client.get("/healthz", headers={"X-Request-ID": "bad id!"})["X-Request-ID"]) == 32
