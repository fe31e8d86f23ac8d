"""Many citizens registering at the same moment, against gunicorn with two workers.

Runs on the embedded SQLite default (WAL, busy timeout, IMMEDIATE transactions) and on
PostgreSQL when DATABASE_URL points there: no request may fail, no registration may be lost,
and the quota per organisation must hold.
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

REGISTRATIONS = 40
QUOTA = 5


@pytest.fixture(scope="module")
def open_invitation(live_gunicorn):
    """The demo invitation, reopened (deadline a year ahead) and without registrations."""
    out = live_gunicorn.shell(
        "import datetime, json\n"
        "from django.utils import timezone\n"
        "from meetings.models import InvitationPage, Registration\n"
        "page = InvitationPage.objects.get()\n"
        "deadline = timezone.localdate() + datetime.timedelta(days=365)\n"
        "InvitationPage.objects.filter(pk=page.pk).update(registration_deadline=deadline)\n"
        "Registration.objects.filter(page=page).delete()\n"
        "print(json.dumps({'url': page.url, 'quota': page.max_per_organisation}))\n"
    )
    info = json.loads(out.strip().splitlines()[-1])
    assert info["quota"] == QUOTA
    return live_gunicorn.url + info["url"]


def registration_counts(server):
    out = server.shell(
        "import json\n"
        "from django.db.models import Count\n"
        "from meetings.models import Registration\n"
        "rows = Registration.objects.values('organisation_key').annotate(n=Count('pk'))\n"
        "print(json.dumps({r['organisation_key']: r['n'] for r in rows}))\n"
    )
    return json.loads(out.strip().splitlines()[-1])


def register(url, number, municipality):
    """One citizen: fetch the form (CSRF cookie and token), then post it."""
    import requests

    with requests.Session() as session:
        form = session.get(url, timeout=120)
        form.raise_for_status()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        response = session.post(
            url,
            data={
                "csrfmiddlewaretoken": token,
                "namn": f"Deltaker {number}",
                "kommune": municipality,
                "e_post": f"deltaker{number}@example.org",
                "rolle": "Kontaktperson",
            },
            headers={"Referer": url},
            timeout=120,
        )
        return response.status_code, response.text


def test_forty_simultaneous_registrations_are_all_stored_and_the_quota_holds(
    live_gunicorn, open_invitation
):
    # 30 registrations from 6 municipalities within their quota of 5, and 10 more from one
    # municipality whose quota only 5 of them can get.
    people = [(n, f"Kommune {n % 6}") for n in range(30)]
    people += [(n, "Molde") for n in range(30, 30 + REGISTRATIONS - 30)]
    with ThreadPoolExecutor(max_workers=REGISTRATIONS) as pool:
        results = list(pool.map(lambda p: register(open_invitation, *p), people))

    statuses = [status for status, _html in results]
    assert 500 not in statuses, live_gunicorn.log_path.read_text()[-3000:]
    accepted = [html for status, html in results if status == 200]
    refused = [html for status, html in results if status == 400]
    assert len(accepted) == 35 and len(refused) == 5, statuses
    # The demo invitation is in nynorsk.
    assert all("Påmelding motteken" in html for html in accepted)
    assert all("Molde har allerede meldt på 5 personer" in html for html in refused), refused[0]

    counts = registration_counts(live_gunicorn)
    assert counts == {**{f"kommune {n}": 5 for n in range(6)}, "molde": QUOTA}
