"""import_oparl against a small OParl 1.1 server faked with canned JSON on loopback."""

import hashlib
import io
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from meetings.models import BodyPage, CasePage, MeetingPage, MinutesPage, Person
from records.models import SyncState

PORTS = range(8240, 8250)
T = "https://schema.oparl.org/1.1/"
PDF = b"%PDF-1.4\n% budsjett\n"


def oparl_graph(base):
    """Two organizations, two people, two meetings (on two list pages), one paper with a file."""
    org_a, org_b = f"{base}/org/a", f"{base}/org/b"
    m1, m2 = f"{base}/meeting/1", f"{base}/meeting/2"
    paper = f"{base}/paper/1"
    file = {
        "id": f"{base}/file/1",
        "type": T + "File",
        "name": "Budsjettforslag",
        "fileName": "budsjett.pdf",
        "mimeType": "application/pdf",
        "size": len(PDF),
        "sha512Checksum": hashlib.sha512(PDF).hexdigest(),
        "accessUrl": f"{base}/download/budsjett.pdf",
        "downloadUrl": f"{base}/download/budsjett.pdf",
    }
    consultation = {
        "id": f"{base}/consultation/1",
        "type": T + "Consultation",
        "paper": paper,
        "agendaItem": f"{base}/agendaitem/1",
        "meeting": m1,
        "organization": [org_a],
        "authoritative": True,
    }
    return {
        "system": {
            "id": f"{base}/oparl/v1/",
            "type": T + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "body": f"{base}/bodies",
        },
        "bodies": [
            {
                "id": f"{base}/body/1",
                "type": T + "Body",
                "system": f"{base}/oparl/v1/",
                "name": "Testkommune",
                "organization": f"{base}/organizations",
                "person": f"{base}/people",
                "meeting": f"{base}/meetings",
                "paper": f"{base}/papers",
                "legislativeTerm": [],
            }
        ],
        "organizations": [
            [
                {
                    "id": org_a,
                    "type": T + "Organization",
                    "name": "Formannskapet",
                    "shortName": "FSK",
                    "classification": "Utvalg/komité",
                    "created": "2020-01-01T10:00:00+01:00",
                }
            ],
            [{"id": org_b, "type": T + "Organization", "name": "Eldrerådet"}],
        ],
        "people": [
            {
                "id": f"{base}/person/1",
                "type": T + "Person",
                "name": "Kari Nordmann",
                "email": ["kari@example.org"],
                "membership": [
                    {
                        "id": f"{base}/membership/1",
                        "type": T + "Membership",
                        "organization": org_a,
                        "role": "Leder",
                        "startDate": "2023-10-01",
                    }
                ],
            },
            {"id": f"{base}/person/2", "type": T + "Person", "name": "Ola Nordmann"},
        ],
        "meetings": [
            [
                {
                    "id": m1,
                    "type": T + "Meeting",
                    "name": "Formannskapet 5. mars",
                    "start": "2024-03-05T10:00:00+01:00",
                    "end": "2024-03-05T14:00:00+01:00",
                    "organization": [org_a],
                    "participant": [f"{base}/person/1"],
                    "resultsProtocol": {
                        "id": f"{base}/protocol/1",
                        "type": T + "File",
                        "name": "Protokoll fra formannskapet",
                        "date": "2024-03-07",
                        "mimeType": "text/html",
                        "accessUrl": f"{base}/protocol/1.html",
                    },
                    "location": {
                        "id": f"{base}/location/1",
                        "type": T + "Location",
                        "room": "Formannskapssalen",
                        "streetAddress": "Rådhusgata 1",
                    },
                    "agendaItem": [
                        {
                            "id": f"{base}/agendaitem/1",
                            "type": T + "AgendaItem",
                            "meeting": m1,
                            "number": "1/24",
                            "name": "Budsjett 2025",
                            "public": True,
                            "consultation": consultation["id"],
                            "result": "Vedtatt",
                            "resolutionText": "Budsjettet vedtas som innstilt.",
                            "radhus:minutes": "Rådmannen orienterte.\n\nDebatt.",
                            "radhus:vote": {"unanimous": True},
                        },
                        {
                            "id": f"{base}/agendaitem/2",
                            "type": T + "AgendaItem",
                            "meeting": m1,
                            "number": "2/24",
                            "name": "Personalsak",
                            "public": False,
                        },
                    ],
                }
            ],
            [
                {
                    "id": m2,
                    "type": T + "Meeting",
                    "name": "Eldrerådet 6. mars",
                    "start": "2024-03-06T12:00:00+01:00",
                    "cancelled": True,
                    "organization": [org_b],
                }
            ],
        ],
        "papers": [
            {
                "id": paper,
                "type": T + "Paper",
                "body": f"{base}/body/1",
                "name": "Budsjett 2025",
                "reference": "1/24",
                "date": "2024-02-20",
                "paperType": "Saksframlegg",
                "mainFile": file,
                "underDirectionOf": [org_a],
                "consultation": [consultation],
            }
        ],
        "consultation": consultation,
    }


class FakeOParl:
    """Serves `graph` with paginated lists; later runs see `changes` for modified_since lists."""

    def __init__(self):
        self.requests = []
        self.changes = {}
        self.server = None
        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), self.handler())
                break
            except OSError:
                continue
        assert self.server is not None, "no free port in 8240-8249"
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.graph = oparl_graph(self.base)

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.requests.append(self.path)
                status, body, kind = fake.respond(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def page(self, path, items, page, pages):
        links = {}
        if page < pages:
            links["next"] = f"{self.base}{path}?page={page + 1}"
        return {
            "data": items,
            "pagination": {"currentPage": page, "totalPages": pages, "elementsPerPage": 1},
            "links": links,
        }

    def respond(self, raw_path):
        url = urllib.parse.urlsplit(raw_path)
        query = urllib.parse.parse_qs(url.query)
        path, page = url.path, int(query.get("page", ["1"])[0])
        graph = self.graph
        if path == "/download/budsjett.pdf":
            return 200, PDF, "application/pdf"
        name = path.strip("/")
        if path == "/oparl/v1/":
            data = graph["system"]
        elif name == "bodies":
            data = self.page(path, graph["bodies"], 1, 1)
        elif name == "people":
            data = self.page(path, graph["people"], 1, 1)
        elif name in ("organizations", "meetings") and name not in self.changes:
            pages = graph[name]
            data = self.page(path, pages[page - 1], page, len(pages))
        elif name == "papers" and name not in self.changes:
            data = self.page(path, graph["papers"], 1, 1)
        elif name in self.changes and "modified_since" in query:
            data = self.page(path, self.changes[name], 1, 1)
        elif path == "/consultation/1":
            data = graph["consultation"]
        else:
            return 404, b"{}", "application/json"
        return 200, json.dumps(data).encode(), "application/json"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def oparl_server():
    with FakeOParl() as server:
        yield server


def run_mirror(url):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_oparl", url, stdout=out, stderr=err)
    except CommandError as exc:
        raise AssertionError(err.getvalue()) from exc
    return out.getvalue()


def test_import_oparl_mirrors_a_server_then_follows_its_changes(demo_site, oparl_server, main_text):
    out = run_mirror(oparl_server.base + "/oparl/v1/")

    assert "feilet 0" in out
    formannskapet = BodyPage.objects.get(slug="fsk")
    assert formannskapet.live and formannskapet.title == "Formannskapet"
    assert formannskapet.kind == "committee"
    member = formannskapet.members.get()
    assert (member.person.name, member.role) == ("Kari Nordmann", "leader")
    assert Person.objects.filter(name="Ola Nordmann").exists()
    # Both pages of the meeting list are followed.
    meeting = MeetingPage.objects.get(body_page=formannskapet)
    cancelled = MeetingPage.objects.get(body_page__slug="eldreradet")
    assert cancelled.live and cancelled.status == "cancelled"
    assert str(meeting.date) == "2024-03-05" and meeting.start_time.hour == 10
    case = CasePage.objects.get(body_page=formannskapet, case_year=2024, case_number=1)
    assert case.live and case.title == "Budsjett 2025"
    assert case.flow_steps.get().meeting_id == meeting.pk
    attachment = case.attachments.get()
    with attachment.document.file.open("rb") as handle:
        assert handle.read() == PDF
    items = list(meeting.agenda_items.order_by("sort_order"))
    assert items[0].case_id == case.pk and items[0].outcome == "Vedtatt"
    assert items[1].exempt and items[1].public_title == "Personalsak"
    minutes = meeting.get_children().type(MinutesPage).specific().get()
    assert minutes.live and minutes.title == "Protokoll fra formannskapet"
    assert [a.person.name for a in minutes.attendance.all()] == ["Kari Nordmann"]
    record = minutes.items.get()
    assert (record.number, record.case_id, record.unanimous) == (1, case.pk, True)
    assert record.decision == "Budsjettet vedtas som innstilt."
    assert record.text == "<p>Rådmannen orienterte.</p><p>Debatt.</p>"
    assert "Budsjettet vedtas som innstilt." in main_text(minutes.url)
    text = main_text(meeting.url)
    assert "Budsjett 2025" in text and "Formannskapssalen" in text
    state = SyncState.objects.get(source=oparl_server.base + "/oparl/v1/")
    assert state.last_sync is not None
    assert not any("modified_since" in path for path in oparl_server.requests)

    # Later: the cancelled meeting is deleted on the server, nothing else changed.
    revisions = Revision.objects.count()
    oparl_server.requests.clear()
    oparl_server.changes = {
        "meetings": [{"id": oparl_server.graph["meetings"][1][0]["id"], "deleted": True}],
        "papers": [],
    }
    out = run_mirror(oparl_server.base + "/oparl/v1/")

    assert "avpublisert 1" in out and "Opprettet 0, oppdatert 0" in out
    assert any(p.startswith("/meetings?modified_since=") for p in oparl_server.requests)
    assert any(p.startswith("/papers?modified_since=") for p in oparl_server.requests)
    cancelled.refresh_from_db()
    assert not cancelled.live
    assert MeetingPage.objects.get(pk=meeting.pk).live
    assert Revision.objects.count() == revisions
