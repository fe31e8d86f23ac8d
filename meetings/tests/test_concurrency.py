"""Many citizens registering at the same moment, against gunicorn with two workers.

Runs on the embedded SQLite default (WAL, busy timeout, IMMEDIATE transactions) and on
PostgreSQL when DATABASE_URL points there: no request may fail, no registration may be lost,
the quota per organisation must hold however the organisation is written, and those past the
quota who asked for it are on the waiting list.
"""

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

REGISTRATIONS = 40
QUOTA = 5
# The honeypot's time check (REGISTRATION_MIN_SECONDS, 3 s by default): a person takes longer.
READING_TIME = 3.5
MOLDE = ["Molde", "molde ", "Molde kommune", "M\u043elde", "MOLDE"]  # one has a Cyrillic о


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
    """{organisation key: [places, waiting list]} in the live database."""
    out = server.shell(
        "import json\n"
        "from meetings.models import Registration\n"
        "counts = {}\n"
        "rows = Registration.objects.values_list('organisation_key', 'waiting_list')\n"
        "for key, waiting in rows:\n"
        "    counts.setdefault(key, [0, 0])[int(waiting)] += 1\n"
        "print(json.dumps(counts))\n"
    )
    return json.loads(out.strip().splitlines()[-1])


def register(url, barrier, number, municipality, waiting_list):
    """One citizen: fetch the form, read it, then post it together with everyone else."""
    import requests

    with requests.Session() as session:
        form = session.get(url, timeout=120)
        form.raise_for_status()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        started = re.search(r'name="rh_started" value="([^"]+)"', form.text).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "rh_started": started,
            "namn": f"Deltakar {number}",
            "kommune": municipality,
            "e_post": f"deltakar{number}@example.org",
            "rolle": "Kontaktperson",
        }
        if waiting_list:
            data["rh_waiting_list"] = "on"
        time.sleep(READING_TIME)
        barrier.wait(timeout=120)
        response = session.post(url, data=data, headers={"Referer": url}, timeout=120)
        return municipality, waiting_list, response.status_code, response.text


def test_forty_simultaneous_registrations_are_all_stored_and_the_quota_holds(
    live_gunicorn, open_invitation
):
    # 30 registrations from 6 municipalities within their quota of 5, and 10 more from Molde,
    # written five ways, whose quota only 5 of them can get: 8 of them ask for the waiting
    # list if the quota is full, 2 do not.
    people = [(n, f"Kommune {n % 6}", False) for n in range(30)]
    people += [(n, MOLDE[n % len(MOLDE)], n < 38) for n in range(30, REGISTRATIONS)]
    barrier = threading.Barrier(REGISTRATIONS)
    with ThreadPoolExecutor(max_workers=REGISTRATIONS) as pool:
        results = list(pool.map(lambda p: register(open_invitation, barrier, *p), people))

    statuses = [status for _m, _w, status, _html in results]
    assert 500 not in statuses, live_gunicorn.log_path.read_text()[-3000:]
    assert set(statuses) <= {200, 400}, statuses
    accepted = [r for r in results if r[2] == 200]
    refused = [r for r in results if r[2] == 400]
    # The demo invitation is in nynorsk.
    assert all("Påmelding motteken" in html for _m, _w, _s, html in accepted)
    assert all("har allereie meldt på 5 personar" in html for _m, _w, _s, html in refused), (
        refused[0][3] if refused else ""
    )
    assert all(not wants for _m, wants, _s, _html in refused)
    on_waiting_list = [r for r in accepted if "Du står på venteliste" in r[3]]

    counts = registration_counts(live_gunicorn)
    # The quota holds: exactly 5 places for each municipality, Molde however written.
    assert {key: places for key, (places, _waiting) in counts.items()} == {
        **{f"kommune {n}": QUOTA for n in range(6)},
        "molde": QUOTA,
    }
    # Nothing lost: every answered registration is stored, every refused one is told why.
    molde_waiting = counts["molde"][1]
    assert molde_waiting == len(on_waiting_list)
    assert len(accepted) == 35 + molde_waiting
    assert len(accepted) + len(refused) == REGISTRATIONS
    assert 3 <= molde_waiting <= 5  # 5 of 10 got places; of the other 5, up to 2 did not ask
