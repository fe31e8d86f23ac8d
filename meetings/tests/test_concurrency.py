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
