"""Generated records for load tests: bodies, people, meetings, invitations, minutes, cases, plans.

Everything is built in memory first and then written in bulk, depth by depth: the base
`wagtailcore_page` rows with `bulk_create` (paths, depths and `numchild` computed here, as
treebeard would), the specific tables with one multi-row INSERT per batch, then the inline rows,
the documents, one published revision and one `wagtail.publish` log entry per page. Each page
ends up live with `live_revision` and `latest_revision` set, so its public version history
works as for a page published in the admin. Page-type behaviour that depends on the parent
(`set_url_path`, which also fills a meeting's or case's body) is the models' own.

The text is bokmål built from word lists and templates; the same seed and anchor date give the
same records.
"""

import datetime
import hashlib
import random
import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, PageLogEntry, Revision

from cms.demo import simple_pdf
from cms.models import DocumentText, PageTag
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    ApprovalStatus,
    Attendance,
    AttendanceKind,
    BodyIndexPage,
    BodyKind,
    BodyMember,
    BodyPage,
    CaseAttachment,
    CaseFlowStep,
    CasePage,
    CaseProposalPoint,
    CaseReference,
    CaseStatus,
    FieldPurpose,
    FollowUp,
    FollowUpStatus,
    InvitationFormField,
    InvitationPage,
    MeetingPage,
    MeetingStatus,
    MemberRole,
    MinutesItem,
    MinutesPage,
    Person,
    ProgrammeItem,
    Signatory,
)
from plans.models import (
    PlanAdoptionStep,
    PlanAuthor,
    PlanIndexPage,
    PlanPage,
    PlanStatus,
    PlanType,
)

from .models import HomePage

BATCH = 200
OSLO = timezone.get_default_timezone()

# --- vocabulary ------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anne Kari Ingrid Marit Liv Hilde Randi Silje Ingeborg Tone Nina Hanne Camilla Ida Sigrid "
    "Kristin Turid Astrid Mona Berit Ole Lars Jan Per Bjørn Knut Arne Svein Geir Terje Morten "
    "Espen Håkon Trond Even Sindre Magnus Eirik Jon Øystein Rune"
).split()
LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen "
    "Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen "
    "Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen "
    "Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde "
    "Solheim Berge Moe Nygård Bakke Kristensen Fredriksen Holm Lien Hauge Christensen Andresen"
).split()
UNITS = [
    "Oppvekst og kultur",
    "Helse og velferd",
    "Plan, miljø og teknikk",
    "Økonomi og styring",
    "Organisasjon og personal",
    "Rådmannens stab",
    "Eiendom",
    "Barnehage",
    "Skole",
    "Hjemmetjenesten",
]
JOB_TITLES = [
    "Rådgiver",
    "Seniorrådgiver",
    "Spesialrådgiver",
    "Enhetsleder",
    "Kommunalsjef",
    "Saksbehandler",
    "Arealplanlegger",
    "Økonomisjef",
    "Fagkonsulent",
    "Folkehelsekoordinator",
]
BODIES = [
    ("Kommunestyret", "KST", BodyKind.COUNCIL),
    ("Formannskapet", "FSK", BodyKind.COMMITTEE),
    ("Hovedutvalg for oppvekst og kultur", "HOK", BodyKind.COMMITTEE),
    ("Hovedutvalg for helse og velferd", "HHV", BodyKind.COMMITTEE),
    ("Plan- og miljøutvalget", "PMU", BodyKind.COMMITTEE),
    ("Kontrollutvalget", "KU", BodyKind.COMMITTEE),
    ("Administrasjonsutvalget", "ADM", BodyKind.COMMITTEE),
    ("Eldrerådet", "ER", BodyKind.COUNCIL),
    ("Rådet for personer med funksjonsnedsettelse", "RPF", BodyKind.COUNCIL),
    ("Ungdomsrådet", "UR", BodyKind.COUNCIL),
    ("Kompetanseforum", "KF", BodyKind.FORUM),
    ("Arbeidsmiljøutvalget", "AMU", BodyKind.COMMITTEE),
    ("Kongsbergregionen", "KR", BodyKind.EXTERNAL),
]
TOPICS = [
    "kommuneplan",
    "kommuneplanens samfunnsdel",
    "trafikksikkerhet",
    "barnehage",
    "skolestruktur",
    "folkehelse",
    "kompetanse og rekruttering",
    "klima og energi",
    "vann og avløp",
    "boligsosial handlingsplan",
    "eldreomsorg",
    "rus og psykisk helse",
    "idrettsanlegg",
    "kulturhus",
    "næringsutvikling",
    "beredskap",
    "digitalisering",
    "friluftsliv",
    "sentrumsutvikling",
    "kollektivtransport",
    "universell utforming",
    "barnevern",
    "integrering",
    "landbruk",
    "kirkegårder",
    "bibliotek",
    "ungdomstilbud",
    "helsestasjon",
    "sykehjemsplasser",
    "gang- og sykkelveier",
]
TAGS = [
    "Kompetanse",
    "Trafikksikkerhet",
    "Barnehage",
    "Skole",
    "Helse",
    "Folkehelse",
    "Klima",
    "Miljø",
    "Økonomi",
    "Budsjett",
    "Kommuneplan",
    "Arealplan",
    "Samferdsel",
    "Kultur",
    "Idrett",
    "Næring",
    "Beredskap",
    "Digitalisering",
    "Eldre",
    "Ungdom",
    "Bolig",
    "Vann og avløp",
    "Rekruttering",
    "Integrering",
    "Landbruk",
]
CASE_TEMPLATES = [
    "Høring – {topic}",
    "Temaplan for {topic} {year}–{year4}",
    "Handlingsplan for {topic} {year}–{year4}",
    "Budsjettjustering – {topic}",
    "Tilskudd til {topic}",
    "Orientering om {topic}",
    "Revisjon av {topic}",
    "Interpellasjon om {topic}",
    "Evaluering av {topic}",
    "Søknad om midler til {topic}",
    "Oppstart av planarbeid – {topic}",
    "Rapport fra arbeidsgruppen for {topic}",
]
SENTENCES = [
    "Kommunedirektøren viser til vedtak i kommunestyret om {topic}.",
    "Saken legges fram for politisk behandling i tråd med delegeringsreglementet.",
    "Arbeidet med {topic} skal sees i sammenheng med kommuneplanens samfunnsdel.",
    "Tiltakene finansieres innenfor vedtatt budsjettramme for {year}.",
    "Det er gjennomført dialogmøter med brukerrådene, tillitsvalgte og verneombud.",
    "Kompetanseforum har drøftet behovet for rekruttering og fagutvikling.",
    "Trafikksikkerhet langs skoleveiene er prioritert i handlingsdelen.",
    "Barnehagedekningen er god, men behovet for plasser øker i sentrum.",
    "Statsforvalteren har ingen merknader til planforslaget.",
    "Forslaget har vært på offentlig ettersyn i seks uker.",
    "Økonomiske konsekvenser er omtalt i vurderingen nedenfor.",
    "Saken har betydning for folkehelse, klima og universell utforming.",
    "Innspillene fra høringen er oppsummert i vedlegg 2.",
    "Kommunen samarbeider med nabokommunene om {topic} i regionrådet.",
    "Det anbefales at tiltakene evalueres etter to år.",
    "Ungdomsrådet og eldrerådet har avgitt uttalelse i saken.",
]
DECISIONS = [
    "Innstillingen ble enstemmig vedtatt.",
    "Saken ble tatt til orientering.",
    "Innstillingen ble vedtatt mot {against} stemmer.",
    "Saken ble utsatt til neste møte.",
    "Forslaget fra kommunedirektøren ble vedtatt med de endringer som framgår av protokollen.",
]
PROPOSALS = [
    "{title} vedtas slik den foreligger.",
    "Tiltakene innarbeides i økonomiplanen for {year}–{year4}.",
    "Kommunedirektøren gis fullmakt til å gjennomføre nødvendige tilpasninger.",
    "Saken legges fram for kommunestyret til endelig behandling.",
    "Ordningen evalueres innen utgangen av {year4}.",
]
FOLLOW_UPS = [
    "Sende referatet til deltakerne",
    "Innhente tilbud på {topic}",
    "Legge fram en statusrapport om {topic}",
    "Oppdatere tiltaksplanen for {topic}",
    "Avklare finansiering med økonomiavdelingen",
]
PLACES = [
    ("Formannskapssalen", "Rådhusplassen 1"),
    ("Kommunestyresalen", "Rådhusplassen 1"),
    ("Møterom Fjorden", "Storgata 12"),
    ("Kulturhuset, sal 2", "Kirkegata 5"),
    ("Teams", ""),
]
EXEMPT_BASIS = "Offl. § 13, jf. fvl. § 13"
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def norwegian_slug(text):
    """A URL slug that keeps Norwegian words readable (ø → o rather than dropped)."""
    return slugify(text.translate(NORWEGIAN_LETTERS))


CONTACT_FORM_FIELDS = [
    ("Navn", "singleline", True, FieldPurpose.NAME),
    ("E-post", "email", True, FieldPurpose.EMAIL),
    ("Organisasjon", "singleline", True, FieldPurpose.ORGANISATION),
    ("Allergier eller andre behov", "multiline", False, FieldPurpose.OTHER),
]


class Generator:
    """Builds the records in memory and writes them in bulk (see the module docstring)."""

    def __init__(self, *, seed=1, anchor=None, stdout=None):
        self.rng = random.Random(seed)
        self.anchor = anchor or timezone.localdate()
        self.stdout = stdout
        self.pages_by_depth = defaultdict(list)  # depth -> [page]
        self.children = defaultdict(list)  # model -> [row], written after the pages
        self.next_step = {}  # parent path -> next child step
        self.extra_numchild = defaultdict(int)  # existing parent pk -> children added
        self.documents = []
        # The text search reads from each document (cms.documents), as it is stored on upload.
        self.document_texts = []
        self.locale_id = Locale.get_default().pk
        self.collection = Collection.get_first_root_node()

    # -- text ---------------------------------------------------------------------------------

    def pick(self, seq):
        return self.rng.choice(seq)

    def sentences(self, count, **values):
        return " ".join(self.pick(SENTENCES).format(**values) for _ in range(count))

    def rich_text(self, paragraphs, **values):
        return "".join(
            f"<p>{self.sentences(self.rng.randint(2, 4), **values)}</p>" for _ in range(paragraphs)
        )

    def words(self, year):
        return {"topic": self.pick(TOPICS), "year": year, "year4": year + 3}

    # -- tree ---------------------------------------------------------------------------------

    def add_page(self, parent, page, *, published_at, child_rows=None, tags=()):
        """Place `page` under `parent` (in memory): path, depth, url and publishing fields."""
        step = self.next_step.get(parent.path)
        if step is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.next_step[parent.path] = step + 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.generated_parent = parent
        if parent.pk is None:
            parent.numchild += 1
        else:
            self.extra_numchild[parent.pk] += 1
        page.set_url_path(parent)
        page.content_type = ContentType.objects.get_for_model(page)
        page.locale_id = self.locale_id
        page.translation_key = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published_at
        page.latest_revision_created_at = published_at
        if hasattr(page, "last_substantive_change_at"):
            page.last_substantive_change_at = published_at
        # Every inline relation held in memory, so serializable_data() reads no rows back.
        rows = child_rows or {}
        for relation in get_all_child_relations(type(page)):
            name = relation.get_accessor_name()
            if name == "tagged_items":
                value = [PageTag(tag=tag) for tag in tags]
            else:
                value = rows.get(name, [])
            for position, row in enumerate(value):
                if hasattr(row, "sort_order"):
                    row.sort_order = position
            setattr(page, name, value)
            self.children[relation.related_model].append((page, relation.field.attname, value))
        self.pages_by_depth[page.depth].append(page)
        return page

    def publish_date(self, date):
        return datetime.datetime.combine(date, datetime.time(12, 0), OSLO)

    # -- records ------------------------------------------------------------------------------

    def people(self, count):
        people = []
        for n in range(count):
            first, last = self.pick(FIRST_NAMES), self.pick(LAST_NAMES)
            people.append(
                Person(
                    name=f"{first} {last}",
                    title=self.pick(JOB_TITLES),
                    unit=self.pick(UNITS),
                    phone=f"74 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
                    f"{self.rng.randint(10, 99)}",
                    email=f"{norwegian_slug(first)}.{norwegian_slug(last)}{n}@kommune.example.no",
                )
            )
        return Person.objects.bulk_create(people, batch_size=BATCH)

    def tags(self):
        return [Tag.objects.get_or_create(name=name)[0] for name in TAGS]

    def document(self, title, date, lines):
        """A small generated PDF or text document in Wagtail's document model."""
        name = norwegian_slug(title)[:60] or "dokument"
        if self.rng.random() < 0.7:
            content = simple_pdf(title, lines)
            filename = f"{name}.pdf"
            # Exactly what pypdf reads from simple_pdf's page (checked in test_generate), stored
            # here because bulk_create skips the upload hook that would extract it.
            text = "\n".join([title, *lines]).encode("latin-1", "replace").decode("latin-1")
        else:
            content = "\n\n".join([title, *lines]).encode()
            filename = f"{name}.txt"
            text = ""  # only PDFs are read
        document = get_document_model()(
            title=title,
            collection=self.collection,
            created_at=self.publish_date(date),
            file_size=len(content),
            file_hash=hashlib.sha1(content).hexdigest(),
        )
        document.file.save(filename, ContentFile(content), save=False)
        self.documents.append(document)
        self.document_texts.append(DocumentText(document=document, text=text))
        return document

    def generate(self, *, bodies, meetings, cases, plans):
        home = HomePage.objects.first()
        if home is None:
            raise ValueError("Ingen forside: kjør `manage.py load_demo` først.")
        body_index = BodyIndexPage.objects.child_of(home).first()
        if body_index is None:
            body_index = self.add_page(
                home,
                BodyIndexPage(title="Politikk", slug="politikk", show_in_menus=True),
                published_at=self.publish_date(self.anchor),
            )
        plan_index = PlanIndexPage.objects.child_of(home).first()
        if plan_index is None:
            plan_index = self.add_page(
                home,
                PlanIndexPage(title="Planer", slug="planer", show_in_menus=True),
                published_at=self.publish_date(self.anchor),
            )
        tags = self.tags()
        people = self.people(max(20, bodies * 12))
        body_pages = self.bodies(body_index, bodies, people, tags)
        self.meetings(body_pages, meetings)
        case_pages = self.cases(body_pages, cases, people, tags)
        self.invitations_and_minutes(body_pages, people)
        self.plans(plan_index, plans, people, tags, case_pages)
        with transaction.atomic():
            self.write()
        return {
            "bodies": len(body_pages),
            "meetings": sum(len(body.generated_meetings) for body in body_pages),
            "cases": len(case_pages),
            "plans": plans,
            "pages": sum(len(p) for p in self.pages_by_depth.values()),
            "documents": len(self.documents),
        }

    def bodies(self, body_index, count, people, tags):
        taken = set(body_index.get_children().values_list("slug", flat=True))
        pages = []
        for n in range(count):
            name, short, kind = BODIES[n % len(BODIES)]
            if n >= len(BODIES):
                name = f"Arbeidsgruppe for {self.pick(TOPICS)} {n}"
                short, kind = f"AG{n}", BodyKind.WORKING_GROUP
            slug = norwegian_slug(name)
            suffix = 1
            while slug in taken:
                suffix += 1
                slug = f"{norwegian_slug(name)}-{suffix}"
            taken.add(slug)
            members = [
                BodyMember(
                    person=person,
                    role=MemberRole.LEADER
                    if i == 0
                    else MemberRole.DEPUTY
                    if i == 1
                    else self.pick([MemberRole.MEMBER] * 4 + [MemberRole.SUBSTITUTE]),
                    period_from=datetime.date(self.anchor.year - 2, 1, 1),
                    period_to=datetime.date(self.anchor.year + 1, 12, 31),
                )
                for i, person in enumerate(self.rng.sample(people, self.rng.randint(5, 11)))
            ]
            page = BodyPage(
                title=name,
                slug=slug,
                kind=kind,
                short_name=short,
                parent_organisation="Kongsbergregionen" if kind == BodyKind.EXTERNAL else "",
                mandate=self.rich_text(2, **self.words(self.anchor.year)),
                contact=members[0].person,
            )
            page.members_list = members
            page.generated_meetings = []
            self.add_page(
                body_index,
                page,
                published_at=self.publish_date(self.anchor - datetime.timedelta(days=3 * 365)),
                child_rows={"members": members},
            )
            pages.append(page)
        return pages

    def meetings(self, bodies, count):
        """Meetings spread over the four years before the anchor and the half year after it.

        They are placed in the tree once their cases are known (see `cases`).
        """
        if not bodies:
            return
        span = 4 * 365 + 182
        start = self.anchor - datetime.timedelta(days=4 * 365)
        for index, body in enumerate(bodies):
            share = count // len(bodies) + (1 if index < count % len(bodies) else 0)
            interval = max(1, span // max(share, 1))
            for i in range(share):
                date = start + datetime.timedelta(days=i * interval + index % interval)
                place, address = self.pick(PLACES)
                held = date < self.anchor
                status = MeetingStatus.HELD if held else MeetingStatus.PLANNED
                reason = ""
                if not held and self.rng.random() < 0.05:
                    status, reason = MeetingStatus.POSTPONED, "Utsatt på grunn av sykdom."
                page = MeetingPage(
                    title=f"{body.title} {date.strftime('%d.%m.%Y')}",
                    slug=date.isoformat(),
                    date=date,
                    start_time=datetime.time(self.pick([9, 10, 13, 18]), 0),
                    end_time=datetime.time(self.pick([15, 16, 20]), 30),
                    place_name=place,
                    place_address=address,
                    status=status,
                    status_reason=reason,
                    intro=f"<p>{self.sentences(1, **self.words(date.year))}</p>",
                )
                page.agenda_list = []
                body.generated_meetings.append(page)

    def cases(self, bodies, count, people, tags):
        if not bodies:
            return []
        numbers = defaultdict(int)  # the bodies are new: every series starts at 1
        council = bodies[0]
        pages = []
        for n in range(count):
            body = bodies[n % len(bodies)]
            meetings = body.generated_meetings
            meeting = self.pick(meetings) if meetings and self.rng.random() < 0.9 else None
            date = (
                meeting.date - datetime.timedelta(days=14)
                if meeting
                else self.anchor - datetime.timedelta(days=self.rng.randint(0, 4 * 365))
            )
            year = meeting.date.year if meeting else date.year
            numbers[(body.slug, year)] += 1
            number = numbers[(body.slug, year)]
            words = self.words(year)
            title = self.pick(CASE_TEMPLATES).format(**words)
            title = title[0].upper() + title[1:]
            exempt = self.rng.random() < 0.03
            held = meeting is not None and meeting.date < self.anchor
            status = (
                CaseStatus.DECIDED
                if held
                else CaseStatus.ON_AGENDA
                if meeting
                else CaseStatus.PREPARATION
            )
            decision_text = self.pick(DECISIONS).format(against=self.rng.randint(1, 9))
            flow = [
                CaseFlowStep(
                    body=body,
                    meeting=meeting,
                    case_number=number,
                    decision=decision_text if held else "",
                )
            ]
            if body is not council and self.rng.random() < 0.3:
                flow.append(CaseFlowStep(body=council))  # planned, no meeting yet
            proposal = [
                CaseProposalPoint(text=self.pick(PROPOSALS).format(title=title, **words))
                for _ in range(self.rng.randint(1, 4))
            ]
            attachments = [
                CaseAttachment(
                    document=self.document(
                        f"{title} – vedlegg {i + 1}",
                        date,
                        [self.pick(SENTENCES).format(**words) for _ in range(3)],
                    ),
                    document_date=date,
                    exempt=exempt,
                    exempt_basis=EXEMPT_BASIS if exempt else "",
                    public_title="Vedlegg unntatt offentlighet" if exempt else "",
                )
                for i in range(self.rng.choice([0, 1, 1, 2]))
            ]
            references = [
                CaseReference(
                    title=f"Saksframlegg i {body.title}", reference=f"{year}/{number:04d}"
                )
                for _ in range(self.rng.choice([0, 0, 1]))
            ]
            page = CasePage(
                title=title if not exempt else "Personalsak",
                slug=f"{year}-{number}",
                case_year=year,
                case_number=number,
                archive_reference=f"{year}/{self.rng.randint(100, 9999)}",
                case_officer=self.pick(people),
                rapporteur=self.pick(people) if self.rng.random() < 0.3 else None,
                status=status,
                exempt=exempt,
                exempt_basis=EXEMPT_BASIS if exempt else "",
                background=self.rich_text(1, **words),
                facts=self.rich_text(self.rng.randint(2, 4), **words),
                assessment=self.rich_text(self.rng.randint(1, 3), **words),
                decision=f"<p>{decision_text}</p>" if held else "",
            )
            self.add_page(
                body,
                page,
                published_at=self.publish_date(date),
                child_rows={
                    "flow_steps": flow,
                    "proposal_points": proposal,
                    "attachments": attachments,
                    "references": references,
                },
                tags=self.rng.sample(tags, self.rng.randint(1, 3)),
            )
            if meeting is not None:
                meeting.agenda_list.append(
                    AgendaItem(
                        number=number,
                        kind=AgendaItemKind.DECISION,
                        title=page.title,
                        case=page,
                        outcome=decision_text if held else "",
                        exempt=exempt,
                        exempt_basis=EXEMPT_BASIS if exempt else "",
                        public_title="Personalsak" if exempt else "",
                    )
                )
            pages.append(page)
        # Meetings are placed after their cases are known, so their agendas are complete.
        for body in bodies:
            for meeting in body.generated_meetings:
                agenda = [
                    AgendaItem(
                        kind=AgendaItemKind.MINUTES,
                        title="Godkjenning av protokoll fra forrige møte",
                    ),
                    *sorted(meeting.agenda_list, key=lambda item: item.number),
                    AgendaItem(kind=AgendaItemKind.OTHER, title="Eventuelt"),
                ]
                meeting.agenda_list = agenda
                self.add_page(
                    body,
                    meeting,
                    published_at=self.publish_date(meeting.date - datetime.timedelta(days=10)),
                    child_rows={"agenda_items": agenda},
                    tags=self.rng.sample(tags, self.rng.randint(0, 2)),
                )
        return pages

    def invitations_and_minutes(self, bodies, people):
        for body in bodies:
            members = [member.person for member in body.members_list]
            for meeting in body.generated_meetings:
                if self.rng.random() < 0.4:
                    self.invitation(body, meeting, people)
                if meeting.status == MeetingStatus.HELD and self.rng.random() < 0.75:
                    self.minutes(body, meeting, members)

    def invitation(self, body, meeting, people):
        programme = [
            ProgrammeItem(
                start_time=datetime.time(9, 0),
                end_time=datetime.time(9, 30),
                title="Registrering og kaffe",
            ),
            ProgrammeItem(
                start_time=datetime.time(9, 30),
                end_time=datetime.time(11, 30),
                title="Saker til behandling",
            ),
            ProgrammeItem(
                start_time=datetime.time(11, 30), end_time=datetime.time(12, 15), title="Lunsj"
            ),
            ProgrammeItem(
                start_time=datetime.time(12, 15),
                end_time=datetime.time(14, 0),
                title=f"Tema: {self.pick(TOPICS)}",
            ),
        ]
        signatories = [
            Signatory(person=person, role=person.title) for person in self.rng.sample(people, 2)
        ]
        fields = [
            InvitationFormField(
                label=label,
                clean_name=get_field_clean_name(label),
                field_type=kind,
                required=required,
                purpose=purpose,
            )
            for label, kind, required, purpose in CONTACT_FORM_FIELDS
        ]
        page = InvitationPage(
            title=f"Innkalling til {meeting.title}",
            slug="innkalling",
            sender=body.title,
            recipients=f"Medlemmer og varamedlemmer i {body.title}",
            contact_person=self.pick(people),
            letter=self.rich_text(2, **self.words(meeting.date.year)),
            audience="Politikere, tillitsvalgte og ansatte",
            practical_info="Lunsj serveres. Gi beskjed om allergier ved påmelding.",
            closing="Med vennlig hilsen",
            electronically_approved=True,
            registration_opens=meeting.date - datetime.timedelta(days=30),
            registration_deadline=meeting.date - datetime.timedelta(days=7),
            max_per_organisation=self.pick([None, 2, 3]),
            capacity=self.pick([None, 40, 80]),
            confirmation_text="<p>Takk for påmeldingen.</p>",
        )
        self.add_page(
            meeting,
            page,
            published_at=self.publish_date(meeting.date - datetime.timedelta(days=21)),
            child_rows={"programme": programme, "signatories": signatories, "form_fields": fields},
        )

    def minutes(self, body, meeting, members):
        attendance = []
        for person in members:
            roll = self.rng.random()
            kind = AttendanceKind.PRESENT if roll < 0.85 else AttendanceKind.ABSENT
            attendance.append(Attendance(kind=kind, person=person, name=person.name))
        attendance.append(
            Attendance(kind=AttendanceKind.OTHER, name="Kommunedirektør", organisation="Kommunen")
        )
        items, follow_ups = [], []
        for item in meeting.agenda_list:
            votes = self.rng.random() < 0.2
            items.append(
                MinutesItem(
                    number=item.number,
                    kind=item.kind,
                    title=item.title,
                    case=item.case,
                    text=f"<p>{self.sentences(2, **self.words(meeting.date.year))}</p>",
                    decision=item.outcome or "Tatt til orientering.",
                    unanimous=not votes,
                    votes_for=self.rng.randint(5, 9) if votes else None,
                    votes_against=self.rng.randint(1, 4) if votes else None,
                    exempt=item.exempt,
                    exempt_basis=item.exempt_basis,
                    public_title=item.public_title,
                )
            )
            if item.number and not item.exempt and self.rng.random() < 0.3:
                follow_ups.append(
                    FollowUp(
                        item_number=item.number,
                        action=self.pick(FOLLOW_UPS).format(topic=self.pick(TOPICS)),
                        responsible=self.pick(members) if members else None,
                        deadline=meeting.date + datetime.timedelta(days=self.rng.randint(14, 120)),
                        status=self.pick([FollowUpStatus.OPEN, FollowUpStatus.DONE]),
                    )
                )
        approved = meeting.date + datetime.timedelta(days=14) < self.anchor
        page = MinutesPage(
            title=f"Referat fra {meeting.title}",
            slug="referat",
            approval_status=ApprovalStatus.APPROVED if approved else ApprovalStatus.DRAFT,
            approved_at=meeting.date + datetime.timedelta(days=14) if approved else None,
            approved_by=f"{body.title} i neste møte" if approved else "",
            intro=f"<p>{self.sentences(1, **self.words(meeting.date.year))}</p>",
        )
        self.add_page(
            meeting,
            page,
            published_at=self.publish_date(meeting.date + datetime.timedelta(days=3)),
            child_rows={"attendance": attendance, "items": items, "follow_ups": follow_ups},
        )

    def plans(self, plan_index, count, people, tags, cases):
        taken = set(plan_index.get_children().values_list("slug", flat=True))
        council_cases = [case for case in cases if case.status == CaseStatus.DECIDED]
        for n in range(count):
            year = self.anchor.year - self.rng.randint(0, 6)
            topic = self.pick(TOPICS)
            plan_type = self.pick(PlanType.values)
            label = PlanType(plan_type).label
            title = f"{label} for {topic} {year}–{year + 3}"
            slug = norwegian_slug(title)
            if slug in taken:
                slug = f"{slug}-{n}"
            taken.add(slug)
            status = self.pick(
                [PlanStatus.ADOPTED] * 3
                + [PlanStatus.DRAFT, PlanStatus.HEARING, PlanStatus.REPLACED]
            )
            words = {"topic": topic, "year": year, "year4": year + 3}
            blocks = [
                {"type": "heading", "value": {"text": "Bakgrunn", "level": "h2"}},
                {"type": "text", "value": self.rich_text(2, **words)},
                {
                    "type": "goal",
                    "value": {"title": "Målsetting", "text": self.rich_text(1, **words)},
                },
                {
                    "type": "quote",
                    "value": {
                        "text": self.sentences(2, **words),
                        "source": "NOU 2023:4 Tid for handling",
                        "source_role": "",
                        "citation": "",
                        "citation_url": "",
                    },
                },
                {
                    "type": "measures",
                    "value": {
                        "title": "Tiltak",
                        "measures": [
                            {
                                "measure": self.pick(FOLLOW_UPS).format(topic=self.pick(TOPICS)),
                                "responsible": self.pick(UNITS),
                                "deadline": str(year + self.rng.randint(0, 3)),
                                "cost": self.pick(["Innenfor ramme", "200 000 kr", ""]),
                                "status": self.pick(["planned", "ongoing", "done"]),
                            }
                            for _ in range(self.rng.randint(2, 6))
                        ],
                    },
                },
            ]
            for block in blocks:
                block["id"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            adoption = []
            if status in (PlanStatus.ADOPTED, PlanStatus.REPLACED) and council_cases:
                case = self.pick(council_cases)
                adoption.append(
                    PlanAdoptionStep(
                        body_name="Kommunestyret",
                        date=datetime.date(year, 6, 20),
                        case=case,
                    )
                )
            authors = [
                PlanAuthor(person=person, role="Prosjektleder" if i == 0 else "")
                for i, person in enumerate(self.rng.sample(people, 2))
            ]
            page = PlanPage(
                title=title,
                slug=slug,
                plan_type=plan_type,
                owning_unit=self.pick(UNITS),
                period_from=year,
                period_to=year + 3,
                document_date=datetime.date(year, 5, 2),
                status=status,
                hearing_deadline=(
                    self.anchor + datetime.timedelta(days=30)
                    if status == PlanStatus.HEARING
                    else None
                ),
                summary=self.rich_text(1, **words),
                body=blocks,
            )
            self.add_page(
                plan_index,
                page,
                published_at=self.publish_date(datetime.date(year, 6, 25)),
                child_rows={"adoption_steps": adoption, "authors": authors},
                tags=self.rng.sample(tags, self.rng.randint(1, 3)),
            )

    # -- writing ------------------------------------------------------------------------------

    def write(self):
        document_model = get_document_model()
        document_model.objects.bulk_create(self.documents, batch_size=BATCH)
        for row in self.document_texts:
            row.document_id, row.file_name = row.document.pk, row.document.file.name
        DocumentText.objects.bulk_create(self.document_texts, batch_size=BATCH)
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        for depth in sorted(self.pages_by_depth):
            pages = self.pages_by_depth[depth]
            for page in pages:
                # Now that the parent has its id: the models fill parent-derived fields here.
                page.set_url_path(page.generated_parent)
            by_model = defaultdict(list)
            for start in range(0, len(pages), BATCH):
                # What QuerySet.bulk_create does, table by table (it refuses multi-table models):
                # the wagtailcore_page rows first, returning their ids, then the specific rows.
                batch = pages[start : start + BATCH]
                ids = Page._base_manager._insert(
                    batch, fields=base_fields, returning_fields=[Page._meta.pk]
                )
                for page, (pk,) in zip(batch, ids, strict=True):
                    page.pk = page.id = page.page_ptr_id = pk
                    by_model[type(page)].append(page)
            for model, objs in by_model.items():
                fields = list(model._meta.local_concrete_fields)
                for start in range(0, len(objs), BATCH):
                    model._base_manager._insert(objs[start : start + BATCH], fields=fields)
        for parent_pk, added in self.extra_numchild.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + added)
        for model, entries in self.children.items():
            rows = []
            for page, attname, value in entries:
                for row in value:
                    setattr(row, attname, page.pk)
                    rows.append(row)
            model.objects.bulk_create(rows, batch_size=BATCH)
        self.publish()

    def publish(self):
        """One published revision and one publish log entry per page, as the admin leaves them."""
        page_type = ContentType.objects.get_for_model(Page)
        for depth in sorted(self.pages_by_depth):
            pages = self.pages_by_depth[depth]
            revisions = [
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=page.first_published_at,
                    object_str=page.title,
                    content=page.serializable_data(),
                )
                for page in pages
            ]
            Revision.objects.bulk_create(revisions, batch_size=BATCH)
            PageLogEntry.objects.bulk_create(
                [
                    PageLogEntry(
                        content_type_id=page.content_type_id,
                        label=page.title,
                        action="wagtail.publish",
                        data={},
                        timestamp=page.first_published_at,
                        revision=revision,
                        content_changed=True,
                        page_id=page.pk,
                    )
                    for page, revision in zip(pages, revisions, strict=True)
                ],
                batch_size=BATCH,
            )
            for page, revision in zip(pages, revisions, strict=True):
                page.latest_revision_id = page.live_revision_id = revision.pk
        # Point every page at its revision: one UPDATE per batch instead of one per page.
        own_revision = Subquery(
            Revision.objects.filter(
                base_content_type=page_type,
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        ids = [page.pk for pages in self.pages_by_depth.values() for page in pages]
        for start in range(0, len(ids), 5000):
            Page.objects.filter(pk__in=ids[start : start + 5000]).update(
                latest_revision_id=own_revision, live_revision_id=own_revision
            )
