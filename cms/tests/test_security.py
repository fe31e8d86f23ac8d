"""Login lockout (django-axes) and the browser-side security headers."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

LOGIN_URL = "/admin/login/"
LOCKED = "Innloggingen er sperret"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redaktor", "r@example.org", "riktig-passord")


def log_in(client, password, username="redaktor"):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_six_wrong_passwords_lock_the_login_until_it_is_reset(editor, client):
    # AXES_FAILURE_LIMIT = 5: the fifth wrong password locks, the sixth meets the lock.
    for _attempt in range(4):
        response = log_in(client, "feil")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    for _attempt in range(2):
        response = log_in(client, "feil")
        assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "For mange feil passord for dette brukernavnet." in html
    assert "sperret fra denne adressen i 15 minutter" in html

    response = log_in(client, "riktig-passord")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    call_command("axes_reset_username", "redaktor", verbosity=0)
    response = log_in(client, "riktig-passord")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_lockout_is_per_user_name(editor, client):
    get_user_model().objects.create_superuser("sekretar", "s@example.org", "annet-passord")
    for _attempt in range(6):
        log_in(client, "feil")
    assert log_in(client, "annet-passord", username="sekretar").status_code == 302


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_have_a_strict_content_security_policy(home, client):
    for url in ["/", "/sok/?q=plan", "/kalender/", "/finnes-ikke/"]:
        response = client.get(url)
        policy = csp_directives(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"]
        assert "microphone=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"


def test_only_the_admin_gets_the_relaxed_policy(editor, client):
    response = client.get(LOGIN_URL)
    assert "'unsafe-inline'" in csp_directives(response)["script-src"]
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in csp_directives(response)["style-src"]
