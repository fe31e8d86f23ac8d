"""Mirror an OParl 1.1 server: its objects become records, imported by the records importer.

Organizations become bodies (with their memberships), Persons people, Meetings meetings with
their agenda items, Papers cases with their consultations (case flow) and files (attachments).
Every OParl id is remembered in `ExternalKey` (source = the System's id), so a renamed body or
a paper without a parseable reference stays the same page on the next run. Meetings and papers
are fetched with `modified_since` after the first run (`SyncState`); organizations and persons
are small lists and are read in full, so memberships stay complete. Objects marked
`deleted: true` are unpublished here.
"""

import base64
import datetime
import hashlib
import json
import re
import urllib.parse
import urllib.request
from html import escape

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import override
from wagtail.models import Page

from meetings.models import (
    AgendaItemKind,
    BodyKind,
    BodyPage,
    CasePage,
    CaseStatus,
    MeetingPage,
    MeetingStatus,
    MemberRole,
)

from . import formats
from .importer import Importer
from .models import ExternalKey, SyncState

OSLO = timezone.get_default_timezone()
TIMEOUT = 30
MAX_PAGES = 10000  # a guard against a server whose `next` links never end


class OParlError(Exception):
    pass


def choice_value(choices, text, default):
    """A TextChoices value from its value or its (bokmål) label, e.g. «Avholdt» → held."""
    if not text:
        return default
    if text in choices.values:
        return text
    with override("nb"):
        for value, label in choices.choices:
            if str(label).casefold() == str(text).casefold():
                return value
    return default


def local(value):
    parsed = parse_datetime(value) if value else None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, OSLO)
    return timezone.localtime(parsed, OSLO)


def parse_reference(reference, date):
    """(year, number) from «27/19», «27/2019» or «2019/27»; None when it is something else."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", reference or "")
    if not match:
        return None
    first, second = match.groups()
    if len(first) == 4 and len(second) != 4:
        return int(first), int(second)
    year = int(second)
    if year < 100:
        century = (date.year // 100 * 100) if date else 2000
        year += century
    return year, int(first)


def noon(date_text):
    """An ISO date-time at noon, Norwegian time, for an OParl date (the day is what counts)."""
    date = parse_date(date_text or "")
    if date is None:
        return None
    return datetime.datetime.combine(date, datetime.time(12), OSLO).isoformat()


def leading_number(text):
    match = re.match(r"\s*(\d+)", text or "")
    return int(match.group(1)) if match else None


class Client:
    """GET JSON from the server, with a cache for the run."""

    def __init__(self):
        self.cache = {}

    def get(self, url):
        if url not in self.cache:
            request = urllib.request.Request(url, headers={"Accept": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    self.cache[url] = json.loads(response.read().decode("utf-8"))
            except (OSError, ValueError) as exc:
                raise OParlError(f"{url}: {exc}") from exc
        return self.cache[url]

    def get_bytes(self, url):
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                return response.read()
        except OSError as exc:
            raise OParlError(f"{url}: {exc}") from exc

    def each(self, url, since=None):
        """Every object of a paginated list, following `links.next`."""
        if since is not None:
            separator = "&" if "?" in url else "?"
            url += separator + urllib.parse.urlencode({"modified_since": since.isoformat()})
        for _page in range(MAX_PAGES):
            data = self.get(url)
            for item in data.get("data", []):
                if isinstance(item, dict) and item.get("id"):
                    self.cache.setdefault(item["id"], item)
                yield item
            url = (data.get("links") or {}).get("next")
            if not url:
                return
        raise OParlError(f"{url}: more than {MAX_PAGES} pages")


class Mirror:
    def __init__(self, url, since=None, client=None, progress_stream=None):
        self.url = url
        self.client = client or Client()
        self.since_override = since
        self.progress_stream = progress_stream
        self.source = url
        self.records = {"people": [], "bodies": [], "meetings": [], "cases": []}
        self.ids = {kind: [] for kind in self.records}  # OParl id per record, by position
        self.body_slugs = {}  # Organization id -> body slug
        self.tombstones = []
        self.unpublished = 0
        self.download_errors = []
        self.known_people = set()

    # Local keys of OParl objects ---------------------------------------------------------------

    def known(self, oparl_id, model):
        return ExternalKey.lookup(self.source, oparl_id, model)

    def body_slug(self, org_id):
        if org_id in self.body_slugs:
            return self.body_slugs[org_id]
        body = self.known(org_id, BodyPage)
        return body.slug if body else None

    def meeting_ref(self, meeting_id):
        if not meeting_id:
            return None
        page = self.known(meeting_id, MeetingPage)
        if page is not None:
            return formats.meeting_key(page)
        meeting = self.client.get(meeting_id)
        key = self.meeting_key(meeting)
        return {"body": key[0], "date": key[1]} if key else None

    def meeting_key(self, meeting):
        page = self.known(meeting["id"], MeetingPage)
        if page is not None:
            return page.body_page.slug, page.date.isoformat()
        start = local(meeting.get("start"))
        date = meeting.get("radhus:date") or (start.date().isoformat() if start else None)
        orgs = meeting.get("organization") or []
        slug = self.body_slug(orgs[0]) if orgs else None
        return (slug, date) if slug and date else None

    def case_ref(self, paper):
        page = self.known(paper["id"], CasePage)
        if page is not None:
            return formats.case_key(page)
        date = parse_date(paper.get("date") or "")
        parsed = parse_reference(paper.get("reference"), date)
        body = self.paper_body(paper)
        if parsed is None or body is None:
            return None
        return {"body": body, "year": parsed[0], "number": parsed[1]}

    def paper_body(self, paper):
        orgs = list(paper.get("underDirectionOf") or [])
        for consultation in self.consultations(paper):
            orgs += consultation.get("organization") or []
        for org in orgs:
            slug = self.body_slug(org)
            if slug:
                return slug
        return None

    def consultations(self, paper):
        out = []
        for consultation in paper.get("consultation") or []:
            if isinstance(consultation, str):
                consultation = self.client.get(consultation)
            out.append(consultation)
        return out

    # Building records --------------------------------------------------------------------------

    def add(self, kind, oparl_id, record):
        self.records[kind].append(record)
        self.ids[kind].append(oparl_id)

    def person(self, person):
        name = person.get("name") or " ".join(
            p for p in [person.get("givenName"), person.get("familyName")] if p
        )
        return {
            "key": person["id"],
            "name": name[:255] or person["id"],
            # OParl's `status` is the position (our title); its `title` an academic title.
            "title": ", ".join(person.get("status") or person.get("title") or [])[:255],
            "unit": (person.get("radhus:unit") or "")[:255],
            "phone": ((person.get("phone") or [""])[0] or "")[:40],
            "email": (person.get("email") or [""])[0] or "",
        }

    def organization(self, org, memberships, known_people):
        slug = self.body_slugs[org["id"]]
        members = []
        for membership in memberships:
            if membership.get("deleted") or membership.get("person") not in known_people:
                continue
            members.append(
                {
                    "person": membership["person"],
                    "role": choice_value(MemberRole, membership.get("role"), MemberRole.MEMBER),
                    "period_from": membership.get("startDate"),
                    "period_to": membership.get("endDate"),
                }
            )
        return {
            "slug": slug,
            "title": org.get("name") or slug,
            "kind": choice_value(BodyKind, org.get("classification"), BodyKind.COMMITTEE),
            "short_name": (org.get("shortName") or "")[:40],
            "parent_organisation": (org.get("radhus:parentOrganisation") or "")[:255],
            "members": members,
            "first_published_at": org.get("created"),
        }

    def meeting(self, meeting, key, agenda_cases):
        start, end = local(meeting.get("start")), local(meeting.get("end"))
        location = meeting.get("location") or {}
        if isinstance(location, str):
            location = self.client.get(location)
        status = MeetingStatus.CANCELLED if meeting.get("cancelled") else None
        status = status or choice_value(MeetingStatus, meeting.get("meetingState"), "")
        if not status:
            status = (
                MeetingStatus.HELD if start and start < timezone.now() else MeetingStatus.PLANNED
            )
        reason = meeting.get("radhus:statusReason") or ""
        if status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED) and not reason:
            reason = "Avlyst" if status == MeetingStatus.CANCELLED else "Utsatt"
        agenda = []
        for item in meeting.get("agendaItem") or []:
            if isinstance(item, str):
                item = self.client.get(item)
            if item.get("deleted"):
                continue
            public = item.get("public", True) is not False
            title = item.get("name") or "—"
            agenda.append(
                {
                    "number": leading_number(item.get("number")),
                    "kind": choice_value(
                        AgendaItemKind, item.get("radhus:kind"), AgendaItemKind.DECISION
                    ),
                    "title": title[:255],
                    "case": agenda_cases.get(item.get("id")),
                    "outcome": ""
                    if not public
                    else (item.get("result") or item.get("resolutionText") or ""),
                    "exempt": not public,
                    "exempt_basis": (item.get("radhus:exemptBasis") or "Ikke offentlig")[:255]
                    if not public
                    else "",
                    "public_title": title[:255] if not public else "",
                }
            )
        minutes = self.minutes(meeting, agenda)
        place = location.get("room") or location.get("description") or ""
        address = location.get("streetAddress") or ""
        same_time = start and end and end.date() == start.date() and end.time() > start.time()
        return {
            "body": key[0],
            "date": key[1],
            "title": (meeting.get("name") or "")[:255] or f"{key[0]} {key[1]}",
            "start_time": start.strftime("%H:%M")
            if start and start.time() != datetime.time()
            else None,
            "end_time": end.strftime("%H:%M") if same_time else None,
            "place_name": place[:255],
            "place_address": address[:255],
            "video_url": meeting.get("radhus:videoUrl") or "",
            "status": status,
            "status_reason": reason[:255],
            "agenda": agenda,
            "minutes": minutes,
            "first_published_at": meeting.get("created"),
        }

    def minutes(self, meeting, agenda):
        """Minutes from the results protocol, the participants and each item's resolution.

        OParl carries no more of the minutes than that: the approval, the introduction and
        the follow-ups stay with the source.
        """
        protocol = meeting.get("resultsProtocol")
        if isinstance(protocol, str):
            protocol = self.client.get(protocol)
        if not protocol:
            return None
        items = []
        for item, row in zip(meeting.get("agendaItem") or [], agenda, strict=False):
            if isinstance(item, str):
                item = self.client.get(item)
            vote = item.get("radhus:vote") or {}
            text = item.get("radhus:minutes") or ""
            if not (item.get("resolutionText") or text or vote) or row["exempt"]:
                continue
            unanimous = bool(vote.get("unanimous"))
            items.append(
                {
                    "number": row["number"],
                    "kind": row["kind"],
                    "title": row["title"],
                    "case": row["case"],
                    "text": "".join(
                        f"<p>{escape(part.strip())}</p>"
                        for part in re.split(r"\n\s*\n", text)
                        if part.strip()
                    ),
                    "decision": item.get("resolutionText") or "",
                    "unanimous": unanimous,
                    "votes_for": None if unanimous or not vote else vote.get("for"),
                    "votes_against": None if unanimous or not vote else vote.get("against"),
                    "votes_blank": None if unanimous or not vote else vote.get("blank"),
                }
            )
        return {
            "title": (protocol.get("name") or "Referat")[:255],
            "attendance": [
                {"person": person, "kind": "present"}
                for person in meeting.get("participant") or []
                if person in self.known_people
            ],
            "items": items,
            "first_published_at": noon(protocol.get("date")),
        }

    def file(self, file):
        if isinstance(file, str):
            file = self.client.get(file)
        url = file.get("downloadUrl") or file.get("accessUrl")
        if not url or file.get("deleted"):
            return None
        try:
            content = self.client.get_bytes(url)
        except OParlError as exc:  # the case goes in without it; the next run tries again
            self.download_errors.append(str(exc))
            return None
        for name, algorithm in (("sha512Checksum", hashlib.sha512), ("sha1Checksum", hashlib.sha1)):
            if file.get(name) and algorithm(content).hexdigest() != file[name].lower():
                self.download_errors.append(f"{file['id']}: {name} stemmer ikke")
                return None
        filename = file.get("fileName") or url.rstrip("/").rsplit("/", 1)[-1] or "fil"
        return {
            "document": {
                "title": (file.get("name") or filename)[:255],
                "filename": filename.replace("/", "_"),
                "sha256": hashlib.sha256(content).hexdigest(),
                "content_base64": base64.b64encode(content).decode("ascii"),
            },
            "title": (file.get("name") or "")[:255],
            "document_date": file.get("date"),
        }

    def paper(self, paper, key):
        flow = []
        for consultation in self.consultations(paper):
            orgs = consultation.get("organization") or []
            body = self.body_slug(orgs[0]) if orgs else None
            if body is None:
                continue
            flow.append(
                {
                    "body": body,
                    "meeting": self.meeting_ref(consultation.get("meeting")),
                    "case_number": leading_number(consultation.get("radhus:number")),
                    "decision": consultation.get("radhus:decision") or "",
                }
            )
        files = [paper.get("mainFile"), *(paper.get("auxiliaryFile") or [])]
        attachments = [a for a in (self.file(f) for f in files if f) if a]
        public = paper.get("radhus:public", True) is not False
        status = choice_value(CaseStatus, paper.get("radhus:status"), CaseStatus.PREPARATION)
        return {
            "body": key["body"],
            "year": key["year"],
            "number": key["number"],
            "title": (paper.get("name") or "")[:255] or f"{key['number']}/{key['year']}",
            "archive_reference": paper.get("radhus:archiveReference") or "",
            "status": status,
            "decision": paper.get("radhus:decision") or "",
            "exempt": not public,
            "exempt_basis": (paper.get("radhus:exemptBasis") or "Ikke offentlig")[:255]
            if not public
            else "",
            "flow": flow,
            "proposal": [{"text": text} for text in paper.get("radhus:proposal") or []],
            "attachments": attachments,
            "first_published_at": paper.get("created"),
        }

    # Running -----------------------------------------------------------------------------------

    def run(self):
        started = timezone.now()
        system = self.client.get(self.url)
        self.source = system.get("id") or self.url
        state, _created = SyncState.objects.get_or_create(source=self.source)
        since = self.since_override or state.last_sync
        bodies = system.get("body")
        body_objects = (
            self.client.each(bodies)
            if isinstance(bodies, str)
            else [self.client.get(b) if isinstance(b, str) else b for b in bodies or []]
        )
        for oparl_body in body_objects:
            self.read_body(oparl_body, since)
        self.importer = Importer(
            {"format": formats.FORMAT_NAME, "version": formats.FORMAT_VERSION, **self.records},
            person_source=self.source,
            on_record=self.remember,
            progress_stream=self.progress_stream,
        ).run()
        for kind, oparl_id in self.tombstones:
            self.unpublish(kind, oparl_id)
        if self.importer.ok and not self.download_errors:
            state.last_sync = started
            state.save()
        return self

    def read_body(self, oparl_body, since):
        people, known_people = [], self.known_people
        memberships_by_org = {}
        for person in self.client.each(oparl_body["person"]) if oparl_body.get("person") else []:
            if person.get("deleted"):
                continue
            known_people.add(person["id"])
            people.append(person)
            for membership in person.get("membership") or []:
                if isinstance(membership, str):
                    membership = self.client.get(membership)
                membership.setdefault("person", person["id"])
                memberships_by_org.setdefault(membership.get("organization"), []).append(membership)
        for person in people:
            self.add("people", person["id"], self.person(person))
        orgs = list(self.client.each(oparl_body["organization"]))
        for org in orgs:
            if org.get("deleted"):
                self.tombstones.append(("bodies", org["id"]))
                continue
            known = self.known(org["id"], BodyPage)
            self.body_slugs[org["id"]] = (
                known.slug
                if known
                else slugify(org.get("shortName") or org.get("name") or "")
                or f"organ-{len(self.body_slugs) + 1}"
            )
        for org in orgs:
            if not org.get("deleted"):
                record = self.organization(org, memberships_by_org.get(org["id"], []), known_people)
                self.add("bodies", org["id"], record)
        papers = (
            list(self.client.each(oparl_body["paper"], since)) if oparl_body.get("paper") else []
        )
        agenda_cases = {}
        paper_keys = {}
        for paper, key in self.keyed(
            papers,
            "cases",
            self.case_ref,
            lambda paper: f"finner ikke organ og saksnummer (reference «{paper.get('reference')}»)",
        ):
            paper_keys[paper["id"]] = key
            for consultation in self.consultations(paper):
                if consultation.get("agendaItem"):
                    agenda_cases[consultation["agendaItem"]] = key
        meetings = (
            self.client.each(oparl_body["meeting"], since) if oparl_body.get("meeting") else []
        )
        for meeting, key in self.keyed(
            meetings, "meetings", self.meeting_key, lambda meeting: "finner ikke organ og dato"
        ):
            for item in meeting.get("agendaItem") or []:
                item_id = item if isinstance(item, str) else item.get("id")
                consultation = None if isinstance(item, str) else item.get("consultation")
                if item_id not in agenda_cases and consultation:
                    paper_id = self.client.get(consultation).get("paper")
                    paper = self.known(paper_id, CasePage) if paper_id else None
                    if paper is not None:
                        agenda_cases[item_id] = formats.case_key(paper)
            self.add("meetings", meeting["id"], self.meeting(meeting, key, agenda_cases))
        for paper in papers:
            if paper["id"] in paper_keys:
                self.add("cases", paper["id"], self.paper(paper, paper_keys[paper["id"]]))

    def keyed(self, objects, kind, key_of, missing):
        """(object, our key) for each OParl object: a deleted one becomes a tombstone of `kind`,
        one without a key a download error (`missing(object)` says why)."""
        for obj in objects:
            if obj.get("deleted"):
                self.tombstones.append((kind, obj["id"]))
                continue
            key = key_of(obj)
            if key is None:
                self.download_errors.append(f"{obj['id']}: {missing(obj)}")
                continue
            yield obj, key

    def remember(self, kind, index, page_ids):
        if page_ids and kind in ("bodies", "meetings", "cases"):
            page = Page.objects.get(pk=page_ids[0])
            ExternalKey.remember(self.source, self.ids[kind][index], page.specific)

    def unpublish(self, kind, oparl_id):
        model = {"bodies": BodyPage, "meetings": MeetingPage, "cases": CasePage}[kind]
        page = self.known(oparl_id, model)
        if page is not None and page.live:
            page.unpublish(log_action=True)
            self.unpublished += 1
