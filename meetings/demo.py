"""Demo content of the meetings app, built from the three shared seed documents.

- 000: the county governor's invitation (nynorsk) to the meeting on Kompetanseløftet 2020;
- 001: case 27/19 in Driftskomiteen with its case flow and three attachments;
- 002: the minutes of Kompetanseforum 4.9.2014, items 27/14–35/14.

Dates, statuses and members are those the documents give, as the municipality would have
them today: meetings of 2014–2020 are held, case 27/19 is decided, the minutes approved. Each
body also gets a meeting plan (møteplan) of planned meetings for the coming months, computed
from the day the demo is loaded, with no agenda or minutes.
"""

import calendar
import datetime

from django.utils import timezone

from cms.demo import ensure_document, ensure_page, oslo, publish_version, simple_pdf

from .models import (
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

D = datetime.date
T = datetime.time


def person(name, **fields):
    found = Person.objects.filter(name=name).first()
    if found is None:
        found = Person.objects.create(name=name, **fields)
    return found


def load(home):
    index, _ = ensure_page(
        home,
        BodyIndexPage,
        "politikk",
        title="Politikk",
        show_in_menus=True,
        intro="<p>Kommunestyret, utvalg, råd og forum: møter, saker og referater.</p>",
    )
    load_invitation(index)
    load_case(index)
    load_minutes(index)
    load_meeting_plan(index)
    return index


# The meeting plan (møteplan) --------------------------------------------------------------

# body slug: (weekday, which one in the month, months of the year or None for every month,
# how many meetings). The weekdays follow the seeds: Driftskomiteen met on Wednesday
# 25.09.19 (the fourth of the month), Kompetanseforum on Thursday 4.9.2014 (the first), the
# county governor's yearly meeting on Wednesday 22.1.2020 (the fourth in January).
MEETING_PLAN = {
    "driftskomiteen": (calendar.WEDNESDAY, 4, None, 4),
    "administrasjonsutvalget": (calendar.TUESDAY, 3, None, 4),
    "kompetanseforum": (calendar.THURSDAY, 1, None, 4),
    "fylkesmannen-i-more-og-romsdal": (calendar.WEDNESDAY, 4, {1}, 1),
}


def nth_weekday(year, month, weekday, n):
    """The `n`th `weekday` (0 = Monday) of a month, e.g. the second Tuesday."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def planned_dates(today, weekday, n, months, count):
    """The next `count` meeting dates after `today`'s month, one per (allowed) month."""
    dates, year, month = [], today.year, today.month
    while len(dates) < count:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if months is None or month in months:
            dates.append(nth_weekday(year, month, weekday, n))
    return dates


def load_meeting_plan(index, today=None):
    """Planned meetings for each demo body, unless the body already has upcoming meetings.

    They carry date and status only: no agenda, decisions or minutes are invented, and no
    time or place the seeds do not give.
    """
    today = today or timezone.localdate()
    for body in BodyPage.objects.child_of(index).filter(slug__in=MEETING_PLAN):
        if body.upcoming_meetings().exists():
            continue
        weekday, n, months, count = MEETING_PLAN[body.slug]
        for date in planned_dates(today, weekday, n, months, count):
            ensure_page(
                body,
                MeetingPage,
                date.isoformat(),
                title=f"{body.title} {date:%d.%m.%Y}",
                language=body.language,
                date=date,
                status=MeetingStatus.PLANNED,
            )


# Seed 000 -----------------------------------------------------------------------------

INVITATION_LETTER = """
<p>Fylkesmannen i Møre og Romsdal inviterer kommunane til det årlege møte om
Kompetanseløftet 2020.</p>
<p>Alle ynskjer ei fagleg sterk kommunal helse- og omsorgsteneste med dyktige tilsette som kan
gi god helsehjelp og omsorg. Kompetanseløft 2020 er regjeringa sin plan for å sikre at kommunane
har god kompetanse, rekruttering og fagutvikling.</p>
<p>Vi går no inn i det siste året i satsinga om Kompetanseløftet 2020 , men Kompetanseløftet blir
vidareført i ei aller anna form.</p>
<p>Kompetanse- og innovasjonstilskotet skal gje kommunane rom til å setje i verk
kompetansehevande tiltak og nybrots- og utviklingsarbeid ut i frå lokale føresetnader og behov.
Vi vil som tidlegare år invitere kommunane til møte om Kompetanseløftet 2020. Vi ser dette som
ein viktig møtearena for Fylkesmannen, kommunar, utviklingsenter og
utdannings-institusjonar.</p>
<p>I møtet den 22.januar vil vi ha stort fokus på heiltidskultur. Heiltidskultur er viktig for
kvalitet og pasientsikkerheit, for å sikre tilstrekkeleg, kompetent og stabil arbeidskraft
framover.</p>
<p>Derfor vil vi i tillegg til kontaktpersonen invitere leiarar då god leiing er ein føresetnad
for tenester av god kvalitet.</p>
<p>Fylkesmannen vil informere om status på kompetanse i Møre og Romsdal, samt søkeradsprosess og
rapportering for Kompetanse- og innovasjonstilskotet.</p>
<p>Utdanningsinstitusjonane vil bli invitert inn for å fortelje om nye tilbod innan helse og
omsorg, og korleis dei sikrar at utdanningane er tilpassa behova i tenestene.</p>
<p>Alle kommunane i Møre og Romsdal har oppnemnt ein kontaktperson for Kompetanseløftet 2020.
Dette er praktisk av omsyn til søkeradsprosedyre og koordinering av opplæringstiltak i
kommunen.</p>
<p>Vi ber om at kommunen gir melding dersom det er gjort endringar når det gjeld kontaktperson,
slik at vår liste blir oppdatert og kommunen ikkje går glipp av viktig informasjon. Som
samarbeidspart ser vi det som viktig å ha god dialog med kommunane og spesielt dei som er
oppnemnt til kontaktpersonar.</p>
<p><b>Vi inviterer difor kontaktpersonen og leiatarar til møte den 22. januar 2020. Maks 5
personar frå kvar kommune.</b></p>
<p>Registrering er frå 09.00 til 09.30. Møtet vil vare frå kl. 09.30 til 15.30 og det blir
servert lunsj.</p>
<p><b>Påmelding innan: 9.januar 2020</b> i skjemaet nedanfor.</p>
"""


def load_invitation(index):
    hanset = person(
        "Greta I. Hanset",
        title="Saksbehandlar",
        unit="Fylkesmannen i Møre og Romsdal",
        phone="71 25 85 47",
    )
    governor, _ = ensure_page(
        index,
        BodyPage,
        "fylkesmannen-i-more-og-romsdal",
        title="Fylkesmannen i Møre og Romsdal",
        kind=BodyKind.EXTERNAL,
        language="nn",
        contact=hanset,
        mandate="<p>Statsforvaltar i fylket; arrangerer det årlege møtet om Kompetanseløftet "
        "2020 for kommunane i Møre og Romsdal.</p>",
    )
    meeting, _ = ensure_page(
        governor,
        MeetingPage,
        "2020-01-22",
        title="Møte om Kompetanseløftet 2020",
        language="nn",
        date=D(2020, 1, 22),
        start_time=T(9, 30),
        end_time=T(15, 30),
        place_name="Scandic Alexandra",
        place_address="Molde",
        status=MeetingStatus.HELD,
        intro="<p>Det årlege møtet om Kompetanseløftet 2020, med stort fokus på "
        "heiltidskultur.</p>",
        published_at=oslo(2019, 12, 10, 9),
    )
    bakken = person("Kjersti Bakken", title="Ass.direktør", unit="Fylkesmannen i Møre og Romsdal")
    ensure_page(
        meeting,
        InvitationPage,
        "innkalling",
        published_at=oslo(2019, 12, 10, 9),
        title="Invitasjon til møte om Kompetanseløftet 2020",
        language="nn",
        sender="Fylkesmannen i Møre og Romsdal",
        recipients="Kommunane i Møre og Romsdal",
        contact_person=hanset,
        letter=INVITATION_LETTER,
        audience="Kontaktpersonen for Kompetanseløftet 2020 og leiarar",
        practical_info="Det blir servert lunsj.",
        closing="Med helsing",
        electronically_approved=True,
        registration_deadline=D(2020, 1, 9),
        max_per_organisation=5,
        confirmation_text="<p>Takk for påmeldinga. Vel møtt i Molde 22. januar 2020.</p>",
        programme=[
            ProgrammeItem(start_time=T(9, 0), end_time=T(9, 30), title="Registrering"),
            ProgrammeItem(start_time=T(9, 30), end_time=T(15, 30), title="Møte"),
            ProgrammeItem(title="Lunsj"),
        ],
        signatories=[
            Signatory(person=bakken, role="Ass.direktør", on_behalf=True),
            Signatory(person=hanset),
        ],
        form_fields=[
            InvitationFormField(
                label="Namn", field_type="singleline", required=True, purpose=FieldPurpose.NAME
            ),
            InvitationFormField(
                label="Kommune",
                field_type="singleline",
                required=True,
                purpose=FieldPurpose.ORGANISATION,
            ),
            InvitationFormField(
                label="E-post", field_type="email", required=True, purpose=FieldPurpose.EMAIL
            ),
            InvitationFormField(
                label="Rolle",
                field_type="dropdown",
                required=True,
                choices="Kontaktperson\nLeiar",
            ),
        ],
    )


# Seed 001 -----------------------------------------------------------------------------

CASE_BACKGROUND = """
<h3>Mandat:</h3>
<p>Gjennom arbeidet med nye kommunedelplan helse og omsorg, er det synliggjort ulike behov og
satsinger for tjenesteutviklingen i åra fremover.</p>
<h3>Overordnet mål for strategisk kompetanseplan.</h3>
<p>Planen skal legge til grunn at helse og omsorgstjenesten til enhver tid har formålstjenlig,
forsvarlig og tilstrekkelig kompetanse inne tjenesteyting, administrasjon og forvaltning, til å
håndtere krav og forventninger som kommer fra tjenestemottakere og samfunnet.</p>
<p>Planen har et todelt perspektiv:</p>
<ul><li>Organisasjonens behov for kompetanse</li>
<li>Den ansattes behov for videreutvikling.</li></ul>
<p>Dette skal legge grunnlaget for en positiv læringskultur, der systematisk
kvalitetsforbedring av tjenesten er resultatet.</p>
<h3>Delmål for strategisk kompetanseplan:</h3>
<ul>
<li>Hjelpemiddel for å vurdere tjenestenes kompetansebehov på kort og lag sikt</li>
<li>Kompetansekartlegging, formel- og realkompetanse</li>
<li>Legge til rette for drøftinger med ansatte</li>
<li>Legge til rette for at alle ansatte, uavhengig av bakgrunn og utdanningsnivå, får mulighet til
å utvikle seg i en lærende organisasjon.</li>
<li>Stimulere til kunnskapsmobilisering internt i enheter og på tvers av enheter.</li>
<li>Inneholde ulike former for utvikling, innovasjon og opplæringstiltak som fører til
prioriterte sprang i formal, real, etter og videreutdanning,</li>
<li>Integrere den strategiske kompetanseplanen i daglig drift og som ledd i den kontinuerlige
kvalitets og kompetanseutviklingen i kommunen.</li>
<li>Medvirke til at strategisk kompetansestyrking får status som en nødvendig investering
uavhengig av kommunal økonomi.</li>
<li>Rammer for tilskudd til videreutdanning</li>
</ul>
"""

CASE_FACTS = """
<p>Behovet for temaplan kompetanse og rekruttering helse og velferd ble løftet frem i arbeidet
med kommunedelplan helse og omsorg 2015-2030 «Mestring for alle». Temaplan kompetanse og
rekruttering helse og velferd er en overordna plan for hele helse og velferd, og hver avdeling
må lage sin egen plan med utgangspunkt i planen.</p>
<p>I tillegg til mål, strategier og tiltak for planområdet viser temaplanen det samlede
kompetansebehovet i helse og velferd, sortert på spesialistkompetanse, fagkompetanse,
basiskompetanse og ledelsesplattformen. I tillegg er det utarbeidet et årshjul som viser når
ulike tiltak relatert til kompetanseutvikling og rekruttering blir håndtert gjennom året.</p>
<p>Temaplanen er kunnskapsgrunnlag ved revidering av Kommunedelplan helse og velferd.
Gjennomføring av kostnadskrevende tiltak i temaplanen forutsetter prioritering i
økonomiplan/budsjett.</p>
<p>Plangruppen har bestått av:</p>
<ul>
<li>Kristen Skogseth, prosessleder</li><li>Else Beate Vik</li><li>Elin Tuseth</li>
<li>Lone Berre</li><li>Rannveig Andøl, NSF</li><li>Arnstein Wekre, Delta</li>
<li>Laila Munkeby, Fagforbundet</li>
</ul>
<p>Inge Lise Helgesen, Viggo Murvold og Heidi Hembre Berg har deltatt med viktige innspill i
prosessen, i tillegg til at ansatte, tillitsvalgte og alle ledernivå i helse og velferd vært
involvert på ulike måter.</p>
"""

CASE_ASSESSMENT = """
<p>Store samfunnsendringer forutsetter systematisk arbeid med kompetanseutvikling i helse og
velferd. Temaplanen skal være et redskap for å sikre rekruttering og utvikling av kvalifiserte
ansatte som evner å forløse innbyggernes mestringsressurser uavhengig av funksjonsnivå, og som
bidrar til forutsigbare, trygge og innovative tjenester til innbyggerne.</p>
"""

CASE_TITLE = "Temaplan kompetanse og rekruttering helse og velferd"
CASE_PROPOSAL = [
    "Temaplan rekruttering og kompetanse i helse og velferd vedtas.",
    "Tiltak innarbeides i handlingsdelen til Kommunedelplan helse og velferd ved revidering.",
    "Prioritering av tiltak gjennomføres i budsjett- og økonomiplanprosesser.",
]
# Adopted as proposed: the decision is the chief executive's proposal, point for point.
CASE_DECISION_TEXT = "\n".join(f"{n}. {text}" for n, text in enumerate(CASE_PROPOSAL, 1))
CASE_DECISION_HTML = "<ol>" + "".join(f"<li>{text}</li>" for text in CASE_PROPOSAL) + "</ol>"
CASE_CHANGED_AT = oslo(2019, 9, 26, 8, 27)


def load_case(index):
    committee, _ = ensure_page(
        index,
        BodyPage,
        "driftskomiteen",
        title="Driftskomiteen",
        kind=BodyKind.COMMITTEE,
        mandate="<p>Fagkomité for kommunens tjenester, blant annet helse og velferd.</p>",
    )
    admin_committee, _ = ensure_page(
        index,
        BodyPage,
        "administrasjonsutvalget",
        title="Administrasjonsutvalget",
        kind=BodyKind.COMMITTEE,
    )
    meeting, _ = ensure_page(
        committee,
        MeetingPage,
        "2019-09-25",
        title="Driftskomiteen 25.09.2019",
        date=D(2019, 9, 25),
        # Published with its agenda before the meeting; the outcome follows (see below).
        status=MeetingStatus.PLANNED,
        published_at=oslo(2019, 9, 18, 12),
        agenda_items=[AgendaItem(number=27, kind=AgendaItemKind.DECISION, title=CASE_TITLE)],
    )
    if CasePage.objects.child_of(committee).filter(slug="2019-27").exists():
        return
    officer = person(
        "Kirsten Ulriksen Skogseth",
        title="Saksbehandler",
        unit="Levanger kommune, helse og velferd",
    )
    attachments = [
        ("Temaplan kompetanse og rekruttering helse og velferd", D(2019, 6, 24), "temaplan"),
        ("Samfunnsanalyse", D(2019, 6, 15), "samfunnsanalyse"),
        ("Beskrivelser av tiltak i temaplanen", None, "tiltak"),
    ]
    documents = []
    for title, date, filename in attachments:
        full_title = f"{title} {date:%d.%m.%y}" if date else title
        documents.append(
            ensure_document(
                full_title,
                f"{filename}.pdf",
                simple_pdf(full_title, ["Vedlegg til sak 27/19 i Driftskomiteen."]),
            )
        )
    case, created = ensure_page(
        committee,
        CasePage,
        "2019-27",
        title=CASE_TITLE,
        case_year=2019,
        case_number=27,
        archive_reference="2019/5699",
        case_officer=officer,
        rapporteur=None,
        status=CaseStatus.ON_AGENDA,
        background=CASE_BACKGROUND,
        facts=CASE_FACTS,
        assessment=CASE_ASSESSMENT,
        # «Publisert: 28.04.2011 17:50» in the source; «Sist endret» is the decision, below.
        published_at=oslo(2011, 4, 28, 17, 50),
        proposal_points=[CaseProposalPoint(text=text) for text in CASE_PROPOSAL],
        flow_steps=[
            CaseFlowStep(body=committee, meeting=meeting, case_number=27),
            CaseFlowStep(body=admin_committee),
        ],
        attachments=[
            CaseAttachment(document=document, title=title, document_date=date)
            for document, (title, date, _filename) in zip(documents, attachments, strict=True)
        ],
    )
    # «Sist endret: 26.09.2019 08:27» in the source, headed «vedtak»: Driftskomiteen adopted
    # the proposal on 25.09.19, and the plan it adopted is shown as adopted (plans.demo).
    publish_version(
        case,
        CASE_CHANGED_AT,
        "Vedtatt i Driftskomiteen 25.09.19, sak 27/19.",
        status=CaseStatus.DECIDED,
        decision=CASE_DECISION_HTML,
        flow_steps=[
            CaseFlowStep(
                body=committee, meeting=meeting, case_number=27, decision=CASE_DECISION_TEXT
            ),
            CaseFlowStep(body=admin_committee),
        ],
    )
    # After the meeting: held, its item links to the case and records the decision.
    publish_version(
        meeting,
        CASE_CHANGED_AT,
        "Møtet er holdt; vedtaket i sak 27/19 er ført inn.",
        status=MeetingStatus.HELD,
        agenda_items=[
            AgendaItem(
                number=27,
                kind=AgendaItemKind.DECISION,
                title=CASE_TITLE,
                case=case,
                outcome=CASE_DECISION_TEXT,
            )
        ],
    )


# Seed 002 -----------------------------------------------------------------------------

ATTENDEES = [
    ("Hanne Krokrud", "Kongsberg", ""),
    ("Ingebjørg Skavlebø", "Tinn", ""),
    ("Ingrid Haugstad", "Notodden", ""),
    ("Johs Aagaard", "Utdanningsforbundet", ""),
    ("Knut Helge Klonteig", "Fagforbundet", ""),
    ("Lars Petersen", "Rollag", ""),
    ("Svein Foss", "Flesberg", ""),
    ("Torleif Nordskog", "Hjartdal", ""),
    ("Kjetil Gulsrud Lundemoen", "Kongsbergregionen", "PL"),
    ("Halvor Rostad", "Kongsbergregionen", ""),
]

# (number, kind, title, minutes text, decision, unanimous)
MINUTES_ITEMS = [
    (
        27,
        AgendaItemKind.MINUTES,
        "Referat",
        "",
        "Referatet fra møtet 20.6.2014 ble godkjent.",
        False,
    ),
    (
        28,
        AgendaItemKind.INFORMATION,
        "Presentasjon og innsjekking",
        "<p>Kjetil innledet med en presentasjon av sin forståelse av oppdraget. (Presentasjon fra "
        "møtet)</p><p>Det ble tatt en runde med innsjekking av kommunenes arbeid og forventninger "
        "til prosjektet.</p>"
        "<h4>Hvordan arbeider kommunene med strategisk kompetanseutvikling?</h4><ul>"
        "<li>Ingen av kommunene har overordnede strategiske kompetanseplaner</li>"
        "<li>I de fleste kommunene arbeides det strategisk med kompetanseutvikling innenfor "
        "helse/omsorg og oppvekst og i mindre grad innenfor øvrige fagområder</li>"
        "<li>I alle kommunene er det et forbedringspotensiale. Innsatsen er i praksis nokså mye "
        "personavhengig, knyttet til lederne som har personalansvar.</li></ul>"
        "<h4>Hvilke forventninger er det til gevinster og resultater?</h4><ul>"
        "<li>De mindre kommunene har store forventninger til nytten av samarbeidet. De større er "
        "inntil videre mer avventende. Det antas å være enkelt å synliggjøre gevinster av dette "
        "samarbeidet for alle kommunene, men det krever målrettet innsats og synliggjøring av "
        "oppnådde resultater.</li></ul>",
        "",
        False,
    ),
    (
        29,
        AgendaItemKind.INFORMATION,
        "Orienteringssaker",
        "<ul><li>Liv Bergset er oppnevnt som ny kontaktperson fra Nore og Uvdal kommune</li>"
        "<li>Prosjekt kompetanseregionen skal opp som sak i regionrådet 9. september</li>"
        "<li>Kongsbergregionen innfaser gevinstmetodikk som arbeidsform</li>"
        "<li>Det oppfordres til å delta på eKommune-konferansen 16.-17. september</li></ul>",
        "",
        False,
    ),
    (
        30,
        AgendaItemKind.DECISION,
        "Høringsutkast strategiplan",
        "<p>Høringsuttalelsene behandles og innarbeides i neste møte 14.10.</p>",
        "Høringsutkast til strategiplan ble gjennomgått og godkjent for utsending til kommunene. "
        "Høringsfrist settes til 4.10.2014.",
        False,
    ),
    (
        31,
        AgendaItemKind.DECISION,
        "Videre organisering av prosjektet",
        "",
        "Det var enighet om at det inntil videre ikke velges leder for Kompetanseforum. PL "
        "fortsetter å lede møtene. Kompetanseforum fortsetter i rollen som prosjektgruppe for "
        "prosjektet.",
        True,
    ),
    (
        32,
        AgendaItemKind.DECISION,
        "Budsjett 2015",
        "",
        "Fremlagt budsjettforslag innarbeides i regionens felles budsjettinnspill, som legges fram "
        "for Rådmannsutvalget i septembermøtet.",
        False,
    ),
    (
        33,
        AgendaItemKind.DECISION,
        "Plan for opplæringstiltak – tidlig fase",
        "<p>PL sender ut en oversikt over tilgjengelige opplæringstiltak så snart som mulig. "
        "Kommunene bes gjøre prioriteringer av tiltak og melde tilbake før møtet i Kompetanseforum "
        "14. oktober.</p>",
        "",
        False,
    ),
    (
        34,
        AgendaItemKind.INFORMATION,
        "Informasjonsarbeid",
        "<p>Vedtatt plan for informasjon, medvirkning og medbestemmelse gir de overordnede rammene "
        "for arbeidet. Den konkrete oppfølgingen krever imidlertid ytterligere detaljering.</p>"
        "<p>Medlemmene kom med en del kommentarer og innspill til allerede eksisterende "
        "informasjonsmateriell.</p>",
        "Oppdateringen av prosjektets nettsider prioriteres.",
        False,
    ),
    (
        35,
        AgendaItemKind.OTHER,
        "Eventuelt",
        "<p>Følgende temaer ble satt på dagsordenen og drøftet:</p><ul>"
        "<li>Aktuelle søknadsordninger</li><li>Tilknytning av strategisk FOU-partner</li>"
        "<li>Tilknytning av kompetansesamarbeid i private nettverk</li></ul>"
        "<p>PL følger opp med konkrete forslag til oppfølging, når dette er nødvendig for videre "
        "framdrift.</p>",
        "",
        False,
    ),
]


def load_minutes(index):
    people = {
        name: person(name, unit=organisation, title="Prosjektleder" if role == "PL" else "")
        for name, organisation, role in ATTENDEES
    }
    # 29/14: «Liv Bergset er oppnevnt som ny kontaktperson fra Nore og Uvdal kommune».
    bergset = person("Liv Bergset", unit="Nore og Uvdal")
    forum, _ = ensure_page(
        index,
        BodyPage,
        "kompetanseforum",
        title="Kompetanseforum",
        kind=BodyKind.FORUM,
        parent_organisation="Kongsbergregionen",
        mandate="<p>Prosjektgruppe for prosjektet kompetanseregionen i Kongsbergregionen. "
        "Prosjektlederen (PL) leder møtene.</p>",
        # Those present on 4.9.2014, and the new contact person. 31/14: no leader is chosen
        # («PL fortsetter å lede møtene»), so every one of them is a member; the minutes give
        # no dates for when membership began or ended.
        members=[
            *(BodyMember(person=people[name], role=MemberRole.MEMBER) for name, *_ in ATTENDEES),
            BodyMember(person=bergset, role=MemberRole.MEMBER),
        ],
    )
    ensure_page(
        forum,
        MeetingPage,
        "2014-06-20",
        title="Kompetanseforum 20.06.2014",
        date=D(2014, 6, 20),
        status=MeetingStatus.HELD,
        published_at=oslo(2014, 6, 13, 12),
    )
    ensure_page(
        forum,
        MeetingPage,
        "2014-10-14",
        title="Kompetanseforum 14.10.2014",
        date=D(2014, 10, 14),
        status=MeetingStatus.HELD,
        intro="<p>Høringsuttalelsene til strategiplanen behandles og innarbeides.</p>",
        published_at=oslo(2014, 9, 5, 12),
    )
    meeting, created = ensure_page(
        forum,
        MeetingPage,
        "2014-09-04",
        title="Kompetanseforum 04.09.2014",
        date=D(2014, 9, 4),
        start_time=T(9, 0),
        end_time=T(14, 30),
        place_name="Kongsbergregionens møterom",
        place_address="Kirkegt.4, Kongsberg",
        status=MeetingStatus.HELD,
        published_at=oslo(2014, 8, 28, 12),
        agenda_items=[
            AgendaItem(number=number, kind=kind, title=title, outcome=decision)
            for number, kind, title, _text, decision, _unanimous in MINUTES_ITEMS
        ],
    )
    if MinutesPage.objects.child_of(meeting).exists():
        return
    minutes, _ = ensure_page(
        meeting,
        MinutesPage,
        "referat",
        title="Referat fra møte i Kompetanseforum",
        approval_status=ApprovalStatus.DRAFT,
        published_at=oslo(2014, 9, 8, 12),
        attendance=[
            Attendance(
                kind=AttendanceKind.PRESENT,
                person=people[name],
                organisation=organisation,
                role=role,
            )
            for name, organisation, role in ATTENDEES
        ],
        items=[
            MinutesItem(
                number=number,
                kind=kind,
                title=title,
                text=text,
                decision=decision,
                unanimous=unanimous,
            )
            for number, kind, title, text, decision, unanimous in MINUTES_ITEMS
        ],
        follow_ups=follow_ups(people, done_by=None),
    )
    # 27/14 approved the minutes of the meeting before; these were up at the next meeting,
    # 14.10.2014, where the points due that day were dealt with.
    publish_version(
        minutes,
        oslo(2014, 10, 14, 15),
        "Referatet er godkjent i møtet 14.10.2014.",
        approval_status=ApprovalStatus.APPROVED,
        approved_at=D(2014, 10, 14),
        approved_by="Kompetanseforum i møtet 14.10.2014",
        follow_ups=follow_ups(people, done_by=D(2014, 10, 14)),
    )


def follow_ups(people, done_by):
    """The follow-up points of the minutes; those due by `done_by` are done."""
    points = [
        FollowUp(
            item_number=33,
            action="Sende ut en oversikt over tilgjengelige opplæringstiltak så snart som mulig.",
            responsible=people["Kjetil Gulsrud Lundemoen"],
            responsible_text="PL",
            deadline=D(2014, 10, 14),
        ),
        FollowUp(
            item_number=33,
            action="Gjøre prioriteringer av opplæringstiltak og melde tilbake før møtet i "
            "Kompetanseforum 14. oktober.",
            responsible_text="Kommunene",
            deadline=D(2014, 10, 14),
        ),
        FollowUp(
            item_number=30,
            action="Behandle og innarbeide høringsuttalelsene til strategiplanen "
            "(høringsfrist 4.10.2014).",
            responsible_text="Kompetanseforum",
            deadline=D(2014, 10, 14),
        ),
        FollowUp(
            item_number=34,
            action="Oppdatere prosjektets nettsider.",
            responsible_text="Kongsbergregionen",
        ),
        FollowUp(
            item_number=35,
            action="Følge opp med konkrete forslag til oppfølging, når dette er nødvendig for "
            "videre framdrift.",
            responsible=people["Kjetil Gulsrud Lundemoen"],
            responsible_text="PL",
        ),
    ]
    for point in points:
        if done_by and point.deadline and point.deadline <= done_by:
            point.status = FollowUpStatus.DONE
    return points
