"""/healthz answers 200 when database and cache work, 503 naming what fails; request ids."""

import pytest

from cms import health


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["cache"].startswith("error")


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
