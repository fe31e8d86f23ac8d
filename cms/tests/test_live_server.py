"""The project as gunicorn serves it (`make run`'s gunicorn.conf.py): headers and database mode."""

import pytest
from django.db import connection


def test_gunicorn_sends_no_version_and_the_security_headers(live_gunicorn):
    import requests

    response = requests.get(live_gunicorn.url + "/", timeout=60)
    assert response.status_code == 200
    assert response.headers["Server"] == "gunicorn"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's journal mode")
def test_the_sqlite_database_runs_in_wal_mode(live_gunicorn):
    out = live_gunicorn.shell(
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('PRAGMA journal_mode')\n"
        "print(cursor.fetchone()[0])\n"
    )
    assert out.strip().splitlines()[-1] == "wal"


def test_an_editor_session_reaches_the_admin(live_gunicorn):
    live_gunicorn.shell(
        "from django.contrib.auth import get_user_model\n"
        "User = get_user_model()\n"
        "User.objects.filter(username='live-editor').delete()\n"
        "User.objects.create_superuser('live-editor', 'e@example.org', 'live-passord')\n"
    )
    session = live_gunicorn.admin_session("live-editor", "live-passord")
    response = session.get(live_gunicorn.url + "/admin/", timeout=60)
    assert response.status_code == 200
    assert 'data-controller="w-' in response.text
    assert "'unsafe-inline'" in response.headers["Content-Security-Policy"]
