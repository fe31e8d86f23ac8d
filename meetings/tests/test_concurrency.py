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
        try:
            form = session.get(url, timeout=100)
            assert form.status_code == 200, (form.status_code, form.text[:1000])
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
            started = re.search(r'name="rh_started" value="([^"]+)"', form.text)
            assert token and started, f"no registration form: {form.text[:2000]}"
            token, started = token.group(1), started.group(1)
        except BaseException:
            barrier.abort()  # the others stop waiting; this error is the one reported
            raise
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
        futures = [pool.submit(register, open_invitation, barrier, *person) for person in people]
    errors = [future.exception() for future in futures if future.exception()]
    if errors:  # the citizen whose request failed, not the others left at the barrier
        raise next(
            (e for e in errors if not isinstance(e, threading.BrokenBarrierError)), errors[0]
        )
    results = [future.result() for future in futures]

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


CASES = 10


def add_case_form(session, url):
    """The "add case" form's fields as an editor leaves them: empty, no rows added."""
    html = session.get(url, timeout=120).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = {"csrfmiddlewaretoken": token, "status": "preparation", "language": "nb"}
    data["change_kind"] = "substantive"
    for prefix in ("flow_steps", "proposal_points", "attachments", "references"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def create_case(session, url, number):
    data = add_case_form(session, url)
    data.update(
        title=f"Samtidig sak {number}",
        case_number="",
        case_year="",
        change_note="Første versjon.",
        **{"action-publish": "action-publish"},
    )
    response = session.post(url, data=data, headers={"Referer": url}, timeout=180)
    return response.status_code, response.text


def test_ten_simultaneous_case_creations_get_numbers_one_to_ten(live_gunicorn):
    out = live_gunicorn.shell(
        "import json\n"
        "from django.contrib.auth import get_user_model\n"
        "from meetings.models import BodyIndexPage, BodyPage\n"
        "User = get_user_model()\n"
        "User.objects.filter(username='samtidig').delete()\n"
        "User.objects.create_superuser('samtidig', 'samtidig@example.org', 'Hemmelig-passord-1')\n"
        "index = BodyIndexPage.objects.get()\n"
        "body = index.add_child(instance=BodyPage(title='Samtidighetsutvalget', slug='samtidig'))\n"
        "print(json.dumps({'body': body.pk}))\n"
    )
    body_id = json.loads(out.strip().splitlines()[-1])["body"]
    url = f"{live_gunicorn.url}/admin/pages/add/meetings/casepage/{body_id}/"
    sessions = [live_gunicorn.admin_session("samtidig", "Hemmelig-passord-1") for _ in range(CASES)]

    with ThreadPoolExecutor(max_workers=CASES) as pool:
        results = list(pool.map(lambda n: create_case(sessions[n], url, n), range(CASES)))

    statuses = [status for status, _html in results]
    assert 500 not in statuses, live_gunicorn.log_path.read_text()[-3000:]
    assert statuses == [200] * CASES, [html[:300] for status, html in results if status != 200]
    out = live_gunicorn.shell(
        "import json\n"
        "from meetings.models import CasePage\n"
        f"cases = CasePage.objects.filter(body_page_id={body_id}).order_by('case_number')\n"
        "print(json.dumps([[c.title, c.case_number, c.slug, c.live] for c in cases]))\n"
    )
    cases = json.loads(out.strip().splitlines()[-1])
    assert sorted(title for title, *_rest in cases) == sorted(
        f"Samtidig sak {n}" for n in range(CASES)
    )
    assert [number for _title, number, _slug, _live in cases] == list(range(1, CASES + 1))
    assert all(slug == f"{slug[:4]}-{number}" for _t, number, slug, _l in cases)
    assert all(live for *_rest, live in cases)


SAME_NUMBER = 6


def test_one_case_number_typed_by_several_editors_at_once_is_given_once(live_gunicorn):
    out = live_gunicorn.shell(
        "import json\n"
        "from django.contrib.auth import get_user_model\n"
        "from meetings.models import BodyIndexPage, BodyPage\n"
        "User = get_user_model()\n"
        "User.objects.filter(username='samme').delete()\n"
        "User.objects.create_superuser('samme', 'samme@example.org', 'Hemmelig-passord-1')\n"
        "index = BodyIndexPage.objects.get()\n"
        "body = index.add_child(instance=BodyPage(title='Nummerutvalget', slug='nummer'))\n"
        "print(json.dumps({'body': body.pk}))\n"
    )
    body_id = json.loads(out.strip().splitlines()[-1])["body"]
    url = f"{live_gunicorn.url}/admin/pages/add/meetings/casepage/{body_id}/"
    sessions = [
        live_gunicorn.admin_session("samme", "Hemmelig-passord-1") for _ in range(SAME_NUMBER)
    ]
    forms = [add_case_form(session, url) for session in sessions]
    barrier = threading.Barrier(SAME_NUMBER)

    def create(n):
        data = {
            **forms[n],
            "title": f"Sak med nummer 7, nr. {n}",
            "case_number": "7",
            "case_year": "2030",
            "change_note": "Første versjon.",
            "action-publish": "action-publish",
        }
        barrier.wait(timeout=60)
        response = sessions[n].post(
            url, data=data, headers={"Referer": url}, timeout=180, allow_redirects=False
        )
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=SAME_NUMBER) as pool:
        results = list(pool.map(create, range(SAME_NUMBER)))

    statuses = sorted(status for status, _html in results)
    assert 500 not in statuses, live_gunicorn.log_path.read_text()[-3000:]
    # One editor's case is published (redirect to the explorer); every other one gets the
    # form back, with what they typed and the error next to the number.
    assert statuses == [200] * (SAME_NUMBER - 1) + [302], statuses
    for status, html in results:
        if status == 200:
            # The message is in the number field's own error list, and the input is marked.
            errors = re.search(r'id="[^"]*-case_number-errors"[^>]*>(.{0,800})', html, re.S)
            assert errors, html[:3000]
            assert "Saksnummer 7/30 er allerede brukt av en annen sak" in errors.group(1)
            assert re.search(r'name="case_number" value="7"[^>]*aria-invalid="true"', html)
            assert 'value="Sak med nummer 7, nr.' in html
    out = live_gunicorn.shell(
        "import json\n"
        "from meetings.models import CasePage\n"
        f"cases = CasePage.objects.filter(body_page_id={body_id})\n"
        "print(json.dumps([[c.case_number, c.case_year, c.live] for c in cases]))\n"
    )
    assert json.loads(out.strip().splitlines()[-1]) == [[7, 2030, True]]
