"""import_oparl from a live server of the demo into an empty site, then kept in step with it.

The first site is the demo under gunicorn on loopback (a database of its own, the open-data
response cache off so that every request reads that database). The mirror is this test's
database: the default site with nothing but its home page.

"The same content" is compared on the OParl output of both sites, the only shape the mirror
can honestly reproduce (OParl does not carry plans, case facts, invitations' letters or the
minutes' introductions, so the public pages of the two sites differ by design). Every object of
every list the mirror reads or derives (organizations, people, memberships, meetings with their
agenda, agenda items, papers with consultations and files, consultations, files, locations,
legislative terms) must be equal on both, after each URL is replaced by a label of the object
it names (ids and addresses differ between the sites) and without what belongs to the serving
site rather than the content: `modified` (the mirror's own publication), `web`, `accessUrl`
and `downloadUrl` (addresses on each site), the `created` time of Files and Persons (upload and
admin-log times), and a meeting's `invitation` (an HTML page of the first site: the mirror
links to it, it does not copy it). Files are equal by name, file name, size and SHA-512.
"""

import io
import json
import re
from collections import Counter

import pytest
import requests
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from meetings.models import CasePage, MeetingPage

LISTS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaItem",
    "paper",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
]
SITE_FIELDS = {"modified", "web", "accessUrl", "downloadUrl", "invitation"}
SITE_FIELDS_OF = {"File": {"created"}, "Person": {"created"}}


@pytest.fixture(scope="module")
def origin(serve_live, tmp_path_factory):
    """The demo served by gunicorn, without the open-data response cache."""
    with serve_live(
        tmp_path_factory.mktemp("origin"),
        None,
        suffix="_oparl_origin",
        RADHUS_OPEN_DATA_CACHE_SECONDS="0",
    ) as server:
        yield server


def read_oparl(get):
    """{list name: [objects]} of the first body, following every list's `next` links."""
    system = get("/oparl/v1/")
    body = get(system["body"])["data"][0]
    lists = {}
    for name in LISTS:
        url, objects = body[name], []
        while url:
            page = get(url)
            objects += page["data"]
            url = page["links"].get("next")
        lists[name] = objects
    return lists


def objects_in(value):
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            yield value
        for item in value.values():
            yield from objects_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item)


def type_of(obj):
    return obj["type"].rsplit("/", 1)[-1]


def labels_of(lists):
    """{OParl id: a label from the object's content}, the same on both sites."""
    objects = {obj["id"]: obj for obj in objects_in(lists)}
    labels = {}
    own = {
        "Organization": lambda o: o["name"],
        "Person": lambda o: o["name"],
        "Meeting": lambda o: f"{o.get('radhus:date')} {o['name']}",
        "Paper": lambda o: f"{o.get('reference')} {o['name']}",
        "File": lambda o: f"{o['name']} {o.get('fileName', o.get('mimeType'))}",
        "Location": lambda o: o.get("description"),
        "LegislativeTerm": lambda o: o["name"],
    }
    for url, obj in objects.items():
        if type_of(obj) in own:
            labels[url] = f"{type_of(obj)} {own[type_of(obj)](obj)}"
    linked = {
        "Membership": lambda o: (
            f"{labels[o['person']]} i {labels[o['organization']]} {o.get('role')} "
            f"{o.get('startDate')}"
        ),
        "AgendaItem": lambda o: f"{labels[o['meeting']]} {o.get('number')} {o['name']}",
        "Consultation": lambda o: (
            f"{labels[o['paper']]} {o.get('radhus:number')} {labels.get(o.get('meeting'))}"
        ),
    }
    for url, obj in objects.items():
        if type_of(obj) in linked:
            labels[url] = f"{type_of(obj)} {linked[type_of(obj)](obj)}"
    return labels


def canonical(lists, base):
    """{list name: Counter of canonical JSON strings}: URLs as labels, site fields left out."""
    labels = labels_of(lists)
    meetings_of = re.compile(re.escape(base) + r"/oparl/v1/organization/(\d+)/meetings/")

    def clean(value, kind=None):
        if isinstance(value, dict):
            kind = type_of(value) if "type" in value else kind
            dropped = SITE_FIELDS | SITE_FIELDS_OF.get(kind, set())
            return {k: clean(v, kind) for k, v in value.items() if k not in dropped}
        if isinstance(value, list):
            items = [clean(v, kind) for v in value]
            return sorted(items) if all(isinstance(i, str) for i in items) else items
        if isinstance(value, str) and value.startswith(base):
            if value in labels:
                return f"<{labels[value]}>"
            match = meetings_of.fullmatch(value)
            if match:
                return f"<meetings of {labels[base + f'/oparl/v1/organization/{match[1]}/']}>"
            return "<" + re.sub(r"/\d+/", "/#/", value.removeprefix(base)) + ">"
        return value

    return {
        name: Counter(json.dumps(clean(o), sort_keys=True, ensure_ascii=False) for o in objects)
        for name, objects in lists.items()
    }


def assert_same_content(origin, client):
    def get_origin(url):
        url = url if url.startswith("http") else origin.url + url
        response = requests.get(url, timeout=60)
        assert response.status_code == 200, url
        return response.json()

    def get_mirror(url):
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        return json.loads(response.content)

    first = canonical(read_oparl(get_origin), origin.url)
    mirror = canonical(read_oparl(get_mirror), "http://testserver")
    differences = {}
    for name in LISTS:
        only_first = list((first[name] - mirror[name]).elements())
        only_mirror = list((mirror[name] - first[name]).elements())
        if only_first or only_mirror:
            differences[name] = {"first site": only_first[:3], "mirror": only_mirror[:3]}
    assert not differences, json.dumps(differences, indent=1, ensure_ascii=False)[:6000]
    return first


def mirror(url):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_oparl", url, stdout=out, stderr=err)
    except CommandError as exc:
        raise AssertionError(err.getvalue()) from exc
    return out.getvalue()


@pytest.mark.django_db
def test_import_oparl_from_a_live_demo_gives_the_same_content_and_follows_changes(
    origin, home, client, settings, tmp_path
):
    # The mirror starts empty, its media folder too (file names are kept as they come).
    settings.MEDIA_ROOT = tmp_path / "media"
    url = origin.url + "/oparl/v1/"
    out = mirror(url)
    assert "feilet 0" in out, out
    content = assert_same_content(origin, client)
    for name in LISTS:
        assert content[name], f"the demo has no {name}"
    assert sum(content["meeting"].values()) >= 10 and sum(content["agendaItem"].values()) >= 10

    # A second run asks only for what changed since the first, and changes nothing.
    revisions = Revision.objects.count()
    out = mirror(url)
    assert "Opprettet 0, oppdatert 0" in out and "avpublisert 0" in out, out
    assert Revision.objects.count() == revisions

    # On the first site an editor moves a meeting to another room and unpublishes a case.
    changed = json.loads(
        origin.shell(
            "import json\n"
            "from meetings.models import CasePage, MeetingPage\n"
            "meeting = MeetingPage.objects.live().filter(agenda_items__isnull=False)"
            ".exclude(agenda_items__case__isnull=False).order_by('date').first()\n"
            "draft = meeting.get_latest_revision_as_object()\n"
            "draft.place_name = 'Det nye møterommet'\n"
            "draft.save_revision().publish()\n"
            "case = CasePage.objects.live().order_by('pk').first()\n"
            "case.unpublish()\n"
            "print(json.dumps([meeting.title, case.title]))"
        ).splitlines()[-1]
    )
    out = mirror(url)
    assert "oppdatert 1" in out and "avpublisert 1" in out, out
    meeting_title, case_title = changed
    assert MeetingPage.objects.get(title=meeting_title).place_name == "Det nye møterommet"
    assert not CasePage.objects.get(title=case_title).live
    assert_same_content(origin, client)
