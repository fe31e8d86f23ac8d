"""OParl 1.1 objects built from the meetings models (read-only).

Each object type has a `Kind`: the public queryset of its objects, the timestamps the
`created_*`/`modified_*` filters use, a `prepare()` that fetches what a page of objects
links to in a fixed number of queries, and `serialize()`. Exempt content goes through
`opendata.exemption` only. Extension fields carry the `radhus:` prefix.
"""

import datetime
import hashlib
from collections import defaultdict
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Exists, Max, Min, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest, Least, Length, Substr
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page

from cms.models import SiteSettings
from cms.site import absolute, base_url
from cms.text import html_to_text
from meetings.models import (
    AgendaItem,
    Attendance,
    BodyMember,
    BodyPage,
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    InvitationPage,
    MeetingPage,
    MinutesItem,
    MinutesPage,
    Person,
)

from .exemption import exempt_basis, is_exempt, public_title, without_exempt

SCHEMA = "https://schema.oparl.org/1.1/"
OSLO = timezone.get_default_timezone()
MAX_ID = 2**63 - 1
# Municipal councils in Norway sit for four years from 1 October of the election year.
ELECTION_YEAR_REMAINDER = 2019 % 4


def oparl_type(name):
    return SCHEMA + name


def iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(OSLO).isoformat(timespec="seconds")
    return value.isoformat()


def compact(data):
    """Drop empty values: OParl leaves out properties without a value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


class Context:
    """What every object needs to build its URLs: the request, the site and its root page."""

    def __init__(self, request, site):
        self.request = request
        self.site = site
        self.root = site.root_page
        self.base = base_url(request)

    def url(self, name, **kwargs):
        return self.base + reverse(f"oparl:{name}", kwargs=kwargs)

    def object_url(self, kind, key):
        return self.url("object", kind=kind, key=key)

    def body_url(self):
        return self.url("body", pk=self.site.pk)

    def list_url(self, kind):
        return self.url("list", pk=self.site.pk, kind=kind)

    def web(self, page):
        return absolute(self.request, page.relative_url(self.site, self.request))

    def settings(self):
        return SiteSettings.for_site(self.site)

    # Public querysets ------------------------------------------------------------------

    def pages(self, model):
        return model.objects.live().public().descendant_of(self.root)

    def bodies(self):
        return self.pages(BodyPage)

    def meetings(self):
        return self.pages(MeetingPage).filter(body_page__live=True)

    def cases(self):
        return self.pages(CasePage).filter(body_page__live=True)


class Everywhere(Context):
    """The public querysets over every site, without a request: what tombstones check."""

    def __init__(self):
        self.request = self.site = None
        self.root = Page.get_first_root_node()
        self.base = ""


def page_times(page):
    return {"created": iso(page.first_published_at), "modified": iso(page.last_published_at)}


class Kind:
    """One OParl object type; `key` is the path segment of its object URLs."""

    key = ""
    list_name = ""
    created_field = "first_published_at"
    modified_field = "last_published_at"
    embedded = ()  # properties holding embedded (internal) objects, left out by omit_internal

    def __init__(self, ctx):
        self.ctx = ctx

    def queryset(self):
        raise NotImplementedError

    def order(self, queryset):
        return queryset.order_by("pk")

    def get(self, key):
        if not str(key).isdigit() or int(key) > MAX_ID:
            return None
        return self.queryset().filter(pk=int(key)).first()

    def prepare(self, objects):
        """Fetch what `objects` link to (a fixed number of queries for any number of them)."""

    def serialize(self, obj):
        raise NotImplementedError

    def url(self, obj):
        return self.ctx.object_url(self.key, obj.pk)


class OrganizationKind(Kind):
    key, list_name = "organization", "organizations"

    def queryset(self):
        return self.ctx.bodies()

    def prepare(self, objects):
        ids = [body.pk for body in objects]
        self.members = defaultdict(list)
        for pk, page_id in BodyMember.objects.filter(page_id__in=ids).values_list("pk", "page_id"):
            self.members[page_id].append(pk)

    def serialize(self, body):
        ctx = self.ctx
        return compact(
            {
                "id": self.url(body),
                "type": oparl_type("Organization"),
                "body": ctx.body_url(),
                "name": body.title,
                "shortName": body.short_name,
                "organizationType": "externes Gremium" if body.kind == "external" else "Gremium",
                "classification": str(body.get_kind_display()),
                "membership": [ctx.object_url("membership", pk) for pk in self.members[body.pk]],
                "meeting": ctx.url("organization-meetings", pk=body.pk),
                "memberCount": len(self.members[body.pk]),
                "web": ctx.web(body),
                "radhus:parentOrganisation": body.parent_organisation,
                **page_times(body),
            }
        )


def membership_data(ctx, member):
    page = member.page
    return compact(
        {
            "id": ctx.object_url("membership", member.pk),
            "type": oparl_type("Membership"),
            "person": ctx.object_url("person", member.person_id),
            "organization": ctx.object_url("organization", member.page_id),
            "role": str(member.get_role_display()),
            "startDate": iso(member.period_from),
            "endDate": iso(member.period_to),
            **page_times(page),
        }
    )


class MembershipKind(Kind):
    key, list_name = "membership", "memberships"
    created_field = "page__first_published_at"
    modified_field = "page__last_published_at"

    def queryset(self):
        return BodyMember.objects.filter(page__in=self.ctx.bodies()).select_related("page")

    def serialize(self, member):
        return membership_data(self.ctx, member)


class PersonKind(Kind):
    """People who appear publicly: members of a public body, or attendees in public minutes.

    Person has no timestamps of its own. Created is the first entry of the admin's log of the
    person, else the first publication of a page naming them; modified the latest of the log
    and the publications of the pages naming them (so a person shows up in `modified_since`
    lists when a page starts to name them).
    """

    key, list_name = "person", "people"
    created_field = "oparl_created"
    modified_field = "oparl_modified"
    embedded = ("membership",)

    def queryset(self):
        ctx = self.ctx
        logs = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        member = BodyMember.objects.filter(person_id=OuterRef("pk"), page__in=ctx.bodies())
        attendee = Attendance.objects.filter(
            person_id=OuterRef("pk"), page__in=self.public_minutes()
        )

        def first(rows, field):
            return Subquery(rows.order_by(field).values(field)[:1])

        def last(rows, field):
            return Subquery(rows.order_by(f"-{field}").values(field)[:1])

        return (
            Person.objects.filter(Exists(member) | Exists(attendee))
            .annotate(
                log_created=first(logs, "timestamp"),
                log_modified=last(logs, "timestamp"),
                member_created=first(member, "page__first_published_at"),
                member_modified=last(member, "page__last_published_at"),
                attendee_created=first(attendee, "page__first_published_at"),
                attendee_modified=last(attendee, "page__last_published_at"),
            )
            .annotate(
                oparl_created=Coalesce(
                    "log_created",
                    Least(
                        Coalesce("member_created", "attendee_created"),
                        Coalesce("attendee_created", "member_created"),
                    ),
                ),
                oparl_modified=Greatest(
                    Coalesce("log_modified", "member_modified", "attendee_modified"),
                    Coalesce("member_modified", "attendee_modified", "log_modified"),
                    Coalesce("attendee_modified", "log_modified", "member_modified"),
                ),
            )
        )

    def public_minutes(self):
        meetings = self.ctx.meetings()
        return (
            MinutesPage.objects.live()
            .public()
            .filter(
                Exists(
                    meetings.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - 4))
                )
            )
        )

    def prepare(self, objects):
        self.memberships = defaultdict(list)
        members = BodyMember.objects.filter(
            person_id__in=[p.pk for p in objects], page__in=self.ctx.bodies()
        ).select_related("page")
        for member in members:
            self.memberships[member.person_id].append(member)

    def serialize(self, person):
        ctx = self.ctx
        return compact(
            {
                "id": self.url(person),
                "type": oparl_type("Person"),
                "body": ctx.body_url(),
                "name": person.name,
                "status": [person.title] if person.title else [],
                "phone": [person.phone] if person.phone else [],
                "email": [person.email] if person.email else [],
                "membership": [membership_data(ctx, m) for m in self.memberships[person.pk]],
                "radhus:unit": person.unit,
                "created": iso(person.oparl_created),
                "modified": iso(person.oparl_modified),
            }
        )


def parent_path(path):
    return path[:-4]


def location_key(name, address):
    return hashlib.sha1(f"{name}\n{address}".encode()).hexdigest()[:16]


def location_data(ctx, name, address, meeting_urls=(), times=None):
    return compact(
        {
            "id": ctx.object_url("location", location_key(name, address)),
            "type": oparl_type("Location"),
            "description": ", ".join(p for p in [name, address] if p),
            "room": name,
            "streetAddress": address,
            "meetings": list(meeting_urls),
            **(times or {}),
        }
    )


def page_file_data(ctx, page, meeting):
    """An invitation or minutes page as an OParl File (an HTML document)."""
    return compact(
        {
            "id": ctx.object_url("file", f"page-{page.pk}"),
            "type": oparl_type("File"),
            "name": page.title,
            "mimeType": "text/html",
            "date": iso(page.first_published_at.date()) if page.first_published_at else None,
            "accessUrl": ctx.web(page),
            "meeting": [ctx.object_url("meeting", meeting.pk)],
            **page_times(page),
        }
    )


class MeetingData:
    """What the agenda items of some meetings link to: minutes, votes, cases, flow steps."""

    def __init__(self, ctx, meetings):
        self.ctx = ctx
        by_path = {m.path: m for m in meetings}
        self.meetings = {m.pk: m for m in meetings}
        self.minutes, self.invitations = {}, {}
        for model, found in ((MinutesPage, self.minutes), (InvitationPage, self.invitations)):
            children = (
                model.objects.live()
                .public()
                .annotate(parent=Substr("path", 1, Length("path") - 4))
                .filter(parent__in=list(by_path))
                .order_by("path")
            )
            for child in children:
                found.setdefault(by_path[child.parent].pk, child)
        self.minutes_items = defaultdict(list)
        minutes_ids = {m.pk: meeting_id for meeting_id, m in self.minutes.items()}
        for item in MinutesItem.objects.filter(page_id__in=list(minutes_ids)).select_related(
            "case"
        ):
            self.minutes_items[minutes_ids[item.page_id]].append(item)
        self.participants = defaultdict(list)
        attendance = Attendance.objects.filter(
            page_id__in=list(minutes_ids),
            person_id__isnull=False,
            kind__in=["present", "substitute"],
        ).values_list("page_id", "person_id")
        for page_id, person_id in attendance:
            self.participants[minutes_ids[page_id]].append(person_id)
        self.items = defaultdict(list)
        for item in AgendaItem.objects.filter(page_id__in=list(self.meetings)).select_related(
            "case"
        ):
            item.page = self.meetings[item.page_id]
            self.items[item.page_id].append(item)
        case_ids = {i.case_id for items in self.items.values() for i in items if i.case_id}
        self.public_cases = set(ctx.cases().filter(pk__in=case_ids).values_list("pk", flat=True))
        self.steps = {
            (step.page_id, step.meeting_id): step.pk
            for step in CaseFlowStep.objects.filter(
                page_id__in=self.public_cases, meeting_id__in=list(self.meetings)
            )
        }
        self.public_bodies = set(
            ctx.bodies()
            .filter(pk__in={m.body_page_id for m in meetings})
            .values_list("pk", flat=True)
        )

    def minutes_item(self, item):
        """The record of `item` in the meeting's minutes: same number, else same case."""
        for record in self.minutes_items[item.page_id]:
            if item.number is not None and record.number == item.number:
                return record
        for record in self.minutes_items[item.page_id]:
            if item.case_id and record.case_id == item.case_id:
                return record
        return None


def vote_data(record):
    if not record.has_vote:
        return None
    if record.unanimous:
        return {"unanimous": True}
    return {
        "unanimous": False,
        "for": record.votes_for or 0,
        "against": record.votes_against or 0,
        "blank": record.votes_blank or 0,
    }


def agenda_item_data(ctx, data, item):
    meeting = data.meetings[item.page_id]
    common = {
        "id": ctx.object_url("agendaitem", item.pk),
        "type": oparl_type("AgendaItem"),
        "meeting": ctx.object_url("meeting", meeting.pk),
        "number": item.number_label,
        "order": item.sort_order or 0,
        **page_times(meeting),
    }
    if is_exempt(item):
        return compact(
            {
                **common,
                "name": public_title(item),
                "public": False,
                "radhus:exemptBasis": exempt_basis(item),
            }
        )
    record = data.minutes_item(item)
    if record is not None and is_exempt(record):
        record = None
    step = data.steps.get((item.case_id, meeting.pk)) if item.case_id in data.public_cases else None
    return compact(
        {
            **common,
            "name": item.title,
            "public": True,
            "consultation": ctx.object_url("consultation", step) if step else None,
            "result": item.outcome,
            "resolutionText": record.decision if record else None,
            "web": ctx.web(meeting),
            "radhus:kind": str(item.get_kind_display()),
            "radhus:paper": (
                ctx.object_url("paper", item.case_id) if item.case_id in data.public_cases else None
            ),
            "radhus:minutes": html_to_text(record.text) if record else None,
            "radhus:vote": vote_data(record) if record else None,
        }
    )


class MeetingKind(Kind):
    key, list_name = "meeting", "meetings"
    embedded = ("location", "invitation", "resultsProtocol", "agendaItem")

    def queryset(self):
        return self.ctx.meetings()

    def prepare(self, objects):
        self.data = MeetingData(self.ctx, objects)

    def serialize(self, meeting):
        ctx, data = self.ctx, self.data
        invitation = data.invitations.get(meeting.pk)
        minutes = data.minutes.get(meeting.pk)
        place = meeting.place_name or meeting.place_address
        return compact(
            {
                "id": self.url(meeting),
                "type": oparl_type("Meeting"),
                "name": meeting.title,
                "meetingState": str(meeting.get_status_display()),
                "cancelled": meeting.is_cancelled,
                "start": iso(meeting.start) if meeting.start_time else None,
                "end": iso(meeting.end),
                "location": (
                    location_data(ctx, meeting.place_name, meeting.place_address) if place else None
                ),
                "organization": (
                    [ctx.object_url("organization", meeting.body_page_id)]
                    if meeting.body_page_id in data.public_bodies
                    else []
                ),
                "participant": [
                    ctx.object_url("person", pk) for pk in data.participants[meeting.pk]
                ],
                "invitation": page_file_data(ctx, invitation, meeting) if invitation else None,
                "resultsProtocol": page_file_data(ctx, minutes, meeting) if minutes else None,
                "agendaItem": [agenda_item_data(ctx, data, i) for i in data.items[meeting.pk]],
                "keyword": [tag.name for tag in meeting.tags.all()],
                "web": ctx.web(meeting),
                "radhus:date": iso(meeting.date),
                "radhus:statusReason": meeting.status_reason,
                "radhus:videoUrl": meeting.video_url,
                **page_times(meeting),
            }
        )

    def order(self, queryset):
        return queryset.prefetch_related("tags").order_by("pk")


class AgendaItemKind(Kind):
    key, list_name = "agendaitem", "agenda-items"
    created_field = "page__first_published_at"
    modified_field = "page__last_published_at"

    def queryset(self):
        return AgendaItem.objects.filter(page__in=self.ctx.meetings()).select_related(
            "page", "case"
        )

    def prepare(self, objects):
        meetings = list({item.page_id: item.page for item in objects}.values())
        self.data = MeetingData(self.ctx, meetings)

    def serialize(self, item):
        return agenda_item_data(self.ctx, self.data, item)


class FlowData:
    """What some case-flow steps link to: public meetings, bodies and agenda items."""

    def __init__(self, ctx, steps):
        meeting_ids = {s.meeting_id for s in steps if s.meeting_id}
        self.public_meetings = set(
            ctx.meetings().filter(pk__in=meeting_ids).values_list("pk", flat=True)
        )
        self.public_bodies = set(
            ctx.bodies().filter(pk__in={s.body_id for s in steps}).values_list("pk", flat=True)
        )
        self.items = {}
        for item in AgendaItem.objects.filter(
            page_id__in=self.public_meetings, case_id__in={s.page_id for s in steps}
        ).select_related("case"):
            self.items.setdefault((item.case_id, item.page_id), item)


def consultation_data(ctx, flow, step, case):
    item = flow.items.get((step.page_id, step.meeting_id))
    meeting_public = step.meeting_id in flow.public_meetings
    return compact(
        {
            "id": ctx.object_url("consultation", step.pk),
            "type": oparl_type("Consultation"),
            "paper": ctx.object_url("paper", case.pk),
            "meeting": ctx.object_url("meeting", step.meeting_id) if meeting_public else None,
            "agendaItem": (
                ctx.object_url("agendaitem", item.pk)
                if item is not None and not is_exempt(item)
                else None
            ),
            "organization": (
                [ctx.object_url("organization", step.body_id)]
                if step.body_id in flow.public_bodies
                else []
            ),
            "radhus:number": step.number_label,
            "radhus:planned": not step.meeting_id,
            "radhus:decision": None if is_exempt(case) else step.decision,
            **page_times(case),
        }
    )


class ConsultationKind(Kind):
    key, list_name = "consultation", "consultations"
    created_field = "page__first_published_at"
    modified_field = "page__last_published_at"

    def queryset(self):
        return CaseFlowStep.objects.filter(page__in=self.ctx.cases()).select_related(
            "page", "meeting"
        )

    def prepare(self, objects):
        self.flow = FlowData(self.ctx, objects)

    def serialize(self, step):
        return consultation_data(self.ctx, self.flow, step, step.page)


def file_facts(document):
    """(size, SHA-1, SHA-512) of a document's file, read once and cached by document and hash.

    A file missing from storage gives (None, None, None) rather than an error.
    """
    key = f"opendata:file:{document.pk}:{document.file_hash}:{document.file.name}"
    facts = cache.get(key)
    if facts is None:
        sha1, sha512, size = hashlib.sha1(), hashlib.sha512(), 0
        try:
            with document.open_file() as handle:
                for chunk in iter(lambda: handle.read(1 << 16), b""):
                    sha1.update(chunk)
                    sha512.update(chunk)
                    size += len(chunk)
        except OSError:
            return None, None, None
        facts = (size, sha1.hexdigest(), sha512.hexdigest())
        cache.set(key, facts, 60 * 60 * 24)
    return facts


def file_data(ctx, attachment):
    document, case = attachment.document, attachment.page
    url = absolute(ctx.request, document.url)
    size, sha1, sha512 = file_facts(document)
    return compact(
        {
            "id": ctx.object_url("file", attachment.pk),
            "type": oparl_type("File"),
            "name": public_title(attachment),
            "fileName": PurePath(document.file.name).name,
            "mimeType": document.content_type,
            "date": iso(attachment.document_date),
            "size": size,
            "sha1Checksum": sha1,
            "sha512Checksum": sha512,
            "accessUrl": url,
            "downloadUrl": url,
            "paper": [ctx.object_url("paper", case.pk)],
            "created": iso(document.created_at),
            "modified": iso(max(filter(None, [document.created_at, case.last_published_at]))),
        }
    )


class FileKind(Kind):
    """Attachments of public cases; exempt ones (or those of exempt cases) do not exist here."""

    key, list_name = "file", "files"
    created_field = "document__created_at"
    modified_field = "page__last_published_at"

    def queryset(self):
        attachments = CaseAttachment.objects.filter(page__in=self.ctx.cases())
        return without_exempt(attachments, "page").select_related("page", "document")

    def get(self, key):
        key = str(key)
        if key.startswith("page-"):
            return self.page_file(key.removeprefix("page-"))
        return super().get(key)

    def page_file(self, key):
        if not key.isdigit() or int(key) > MAX_ID:
            return None
        page = (
            self.ctx.pages(InvitationPage).filter(pk=int(key)).first()
            or self.ctx.pages(MinutesPage).filter(pk=int(key)).first()
        )
        if page is None:
            return None
        meeting = self.ctx.meetings().filter(path=parent_path(page.path)).first()
        return (page, meeting) if meeting is not None else None

    def public_page_files(self, ids):
        """Which of the invitation and minutes pages `ids` are public Files (two queries)."""
        meetings = self.ctx.meetings().filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - 4)
        )
        found = set()
        for model in (InvitationPage, MinutesPage):
            pages = self.ctx.pages(model).filter(pk__in=ids).filter(Exists(meetings))
            found |= set(pages.values_list("pk", flat=True))
        return found

    def serialize(self, obj):
        if isinstance(obj, tuple):
            return page_file_data(self.ctx, *obj)
        return file_data(self.ctx, obj)


class PaperKind(Kind):
    key, list_name = "paper", "papers"
    embedded = ("consultation", "auxiliaryFile")

    def queryset(self):
        return self.ctx.cases()

    def order(self, queryset):
        return queryset.prefetch_related("tags", "proposal_points").order_by("pk")

    def prepare(self, objects):
        ids = [case.pk for case in objects]
        self.steps = defaultdict(list)
        steps = list(CaseFlowStep.objects.filter(page_id__in=ids).select_related("meeting"))
        for step in steps:
            self.steps[step.page_id].append(step)
        self.flow = FlowData(self.ctx, steps)
        self.files = defaultdict(list)
        attachments = CaseAttachment.objects.filter(page_id__in=ids).select_related(
            "page", "document"
        )
        for attachment in attachments:
            if not is_exempt(attachment):
                self.files[attachment.page_id].append(attachment)

    def serialize(self, case):
        ctx = self.ctx
        common = {
            "id": self.url(case),
            "type": oparl_type("Paper"),
            "body": ctx.body_url(),
            "name": case.title,
            "reference": case.number_label,
            "paperType": "Saksframlegg",
            "consultation": [
                consultation_data(ctx, self.flow, step, case) for step in self.steps[case.pk]
            ],
            "web": ctx.web(case),
            **page_times(case),
        }
        if is_exempt(case):
            return compact(
                {**common, "radhus:public": False, "radhus:exemptBasis": exempt_basis(case)}
            )
        return compact(
            {
                **common,
                "underDirectionOf": (
                    [ctx.object_url("organization", case.body_page_id)] if case.body_page_id else []
                ),
                "auxiliaryFile": [file_data(ctx, a) for a in self.files[case.pk]],
                "keyword": [tag.name for tag in case.tags.all()],
                "radhus:public": True,
                "radhus:status": str(case.get_status_display()),
                "radhus:archiveReference": case.archive_reference,
                "radhus:proposal": [point.text for point in case.proposal_points.all()],
                "radhus:decision": html_to_text(case.decision),
            }
        )


class LocationKind(Kind):
    """The places of public meetings (one object per distinct name and address)."""

    key, list_name = "location", "locations"

    def places(self):
        """{key: (name, address, [meeting ids], created, modified)} in one query."""
        rows = (
            self.ctx.meetings()
            .exclude(place_name="", place_address="")
            .order_by("place_name", "place_address", "pk")
            .values_list(
                "place_name", "place_address", "pk", "first_published_at", "last_published_at"
            )
        )
        places = {}
        for name, address, pk, created, modified in rows:
            key = location_key(name, address)
            place = places.setdefault(key, [name, address, [], created, modified])
            place[2].append(pk)
            place[3] = min(filter(None, [place[3], created]), default=None)
            place[4] = max(filter(None, [place[4], modified]), default=None)
        return places

    def all(self):
        return list(self.places().values())

    def get(self, key):
        return self.places().get(str(key))

    def serialize(self, place):
        name, address, meeting_ids, created, modified = place
        return location_data(
            self.ctx,
            name,
            address,
            [self.ctx.object_url("meeting", pk) for pk in meeting_ids],
            {"created": iso(created), "modified": iso(modified)},
        )


def term_start(year):
    """The election year of the term that includes `year` (terms start 1 October)."""
    return year - ((year - ELECTION_YEAR_REMAINDER) % 4)


class LegislativeTermKind(Kind):
    """The council's four-year terms (from 1 October of an election year) that had meetings."""

    key, list_name = "legislativeterm", "legislative-terms"

    def years(self):
        dates = self.ctx.meetings().aggregate(first=Min("date"), last=Max("date"))
        if dates["first"] is None:
            return []

        def start_of(day):
            start = term_start(day.year)
            return start if day >= datetime.date(start, 10, 1) else start - 4

        return list(range(start_of(dates["first"]), start_of(dates["last"]) + 1, 4))

    def all(self):
        return self.years()

    def get(self, key):
        key = str(key)
        return int(key) if key.isdigit() and int(key) in self.years() else None

    def serialize(self, year):
        return {
            "id": self.ctx.object_url("legislativeterm", year),
            "type": oparl_type("LegislativeTerm"),
            "body": self.ctx.body_url(),
            "name": f"Valgperioden {year}–{year + 4}",
            "startDate": iso(datetime.date(year, 10, 1)),
            "endDate": iso(datetime.date(year + 4, 9, 30)),
        }


KINDS = {
    kind.key: kind
    for kind in [
        OrganizationKind,
        PersonKind,
        MembershipKind,
        MeetingKind,
        AgendaItemKind,
        PaperKind,
        ConsultationKind,
        FileKind,
        LocationKind,
        LegislativeTermKind,
    ]
}
LISTS = {kind.list_name: kind for kind in KINDS.values()}


def body_data(ctx):
    settings = ctx.settings()
    root = ctx.root
    term_kind = LegislativeTermKind(ctx)
    terms = [term_kind.serialize(year) for year in term_kind.years()]
    return compact(
        {
            "id": ctx.body_url(),
            "type": oparl_type("Body"),
            "system": ctx.url("system"),
            "name": settings.municipality_name,
            "website": ctx.base + "/",
            "contactEmail": settings.email,
            "classification": "Kommune",
            "organization": ctx.list_url("organizations"),
            "person": ctx.list_url("people"),
            "membership": ctx.list_url("memberships"),
            "meeting": ctx.list_url("meetings"),
            "agendaItem": ctx.list_url("agenda-items"),
            "paper": ctx.list_url("papers"),
            "consultation": ctx.list_url("consultations"),
            "file": ctx.list_url("files"),
            "locationList": ctx.list_url("locations"),
            "legislativeTermList": ctx.list_url("legislative-terms"),
            "web": ctx.base + "/",
            "radhus:organisationNumber": settings.organisation_number,
            **page_times(root),
        }
    ) | {"legislativeTerm": terms}  # required, even when empty


def system_data(ctx):
    settings = ctx.settings()
    return compact(
        {
            "id": ctx.url("system"),
            "type": oparl_type("System"),
            "oparlVersion": SCHEMA,
            "body": ctx.url("body-list"),
            "name": settings.municipality_name,
            "contactEmail": settings.email,
            "website": ctx.base + "/",
            "web": ctx.base + "/",
        }
    )


def tombstone_data(ctx, tombstone):
    return compact(
        {
            "id": ctx.object_url(tombstone.oparl_type, tombstone.key),
            "type": oparl_type(KINDS[tombstone.oparl_type].__name__.removesuffix("Kind")),
            "created": iso(tombstone.created),
            "modified": iso(tombstone.deleted_at),
            "deleted": True,
        }
    )
