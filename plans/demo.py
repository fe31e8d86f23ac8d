"""Demo content of the plans app, taken from the shared seed documents.

- 003: the strategy page of the national programme Kompetanseløft 2025,
- 004: a department's competence plan 2024–2027,
- 001: committee case 27/19, which adopts the thematic plan on competence and recruitment.
"""

import datetime

from taggit.models import Tag

from cms.demo import ensure_document, ensure_page, oslo, simple_pdf
from cms.models import PageTag
from meetings.models import BodyPage, CasePage, Person

from .models import (
    PlanAdoptionStep,
    PlanAttachment,
    PlanAuthor,
    PlanIndexPage,
    PlanPage,
    PlanStatus,
    PlanType,
    RelatedPlan,
)

REGJERINGEN_URL = "https://www.regjeringen.no/"
READ_MORE = "Les mer på regjeringen.no"

K2025_SUMMARY = (
    "Regjeringens plan for rekruttering, kompetanse og fagutvikling i den kommunale helse- og "
    "omsorgstjenesten og den fylkeskommunale tannhelsetjenesten for perioden 2021-2025"
)


def tagged(*names):
    """PageTag rows for `names`, to pass to a new page as `tagged_items`."""
    items = []
    for name in names:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        items.append(PageTag(tag=tag))
    return items


def person(name, unit=""):
    """The Person called `name`, created the first time (shared with the meetings demo)."""
    return Person.objects.filter(name=name).first() or Person.objects.create(name=name, unit=unit)


def load(home):
    """Create the plan listing and the demo plans below `home`; returns the listing page."""
    index, _ = ensure_page(
        home,
        PlanIndexPage,
        "planer",
        title="Planer",
        show_in_menus=True,
        intro=(
            "<p>Kommunens kommunedelplaner, temaplaner, kompetanseplaner og strategier, og de "
            "nasjonale planene de bygger på.</p>"
        ),
    )
    k2025 = load_kompetanseloft(index)
    load_competence_plan(index, k2025)
    master = load_master_plan(index)
    load_thematic_plan(index, master)
    return index


def load_kompetanseloft(index):
    """Seed 003: the strategy areas of Kompetanseløft 2025 on regjeringen.no."""
    areas = [
        {
            "title": "Rekruttere, beholde og utvikle personell",
            "short_title": "Rekruttere og beholde",
            "text": (
                "<p>Gjennom Kompetanseløft 2025 skal kommunesektoren få bistand i sitt arbeid med "
                "å rekruttere og beholde helse- og sosialfaglig personell, og i å utnytte "
                "mulighetene som kompetanseheving gir til å sikre tjenestene helse- og "
                "sosialfaglig personell.</p>"
                "<p>Det skal legges vekt på å heve kompetansen innenfor områder med særskilt "
                "svikt og tjenester med særlig utfordringer til å møte brukernes og pasientenes "
                "behov, og på å innrette tiltak slik at de ivaretar variasjonene i kommunenes "
                "personell- og kompetanseutfordringer.</p>"
            ),
        },
        {
            "title": "Brukermedvirkning, tjenesteutvikling og tverrfaglig samarbeid",
            "short_title": "Tjenesteutvikling",
            "text": (
                "<p>Det er et stort forbedringspotensial i å drive kompetanse- og "
                "tjenesteutvikling og prøve ut nye måter å arbeide på. Større bevissthet omkring "
                "tjenesteutvikling og tverrfaglig samarbeid, og en større forståelse for "
                "brukernes kunnskap og kompetanse, kan bidra til mer hensiktsmessig organisering "
                "av personell og oppgaver og bedre rutiner og systemer. Dette vil videre bidra "
                "til en helhetlig oppfølging av pasienter, brukere og pårørende, bedre kvalitet "
                "på tjenestene, og en bedre utnyttelse av de tilgjengelige ressursene.</p>"
            ),
        },
        {
            "title": "Kommunal sektor som forskningsaktør, fagutviklings- og opplæringsarena",
            "short_title": "Kommunal sektor",
            "text": (
                "<p>Det er behov for at den kommunale helse- og omsorgstjenesten og den "
                "offentlige tannhelsetjenesten tar en mer aktiv rolle som initiativtaker og "
                "deltaker i forskning, og som fagutviklings- og opplæringsarena. "
                "Kunnskapsbasert tjenesteutøvelse og tjenesteutvikling forutsetter forskning og "
                "fagutvikling.</p>"
                "<p>Dette vil bidra til å styrke fagmiljøet og kunnskapsgrunnlaget i tjenestene, "
                "øke rekrutteringen til tjenestene og øke utdanningskapasiteten innenfor "
                "relevante grunn- og videreutdanninger. En slik rolle forutsetter et samarbeid "
                "både lokalt og regionalt mellom kommuner, fylkeskommuner, "
                "spesialisthelsetjenesten, universitets- og høgskolesektoren og andre utviklings- "
                "og kompetansemiljøer.</p>"
            ),
        },
        {
            "title": "Ledelse, samhandling og planlegging",
            "short_title": "Ledelse",
            "text": (
                "<p>Det er behov for å øke den formelle lederkompetansen i tjenestene, og å legge "
                "til rette for bedre samhandling og planlegging. Dette vil bidra til at flere "
                "ledere greier å håndtere utfordringene de står overfor, og til en bærekraftig "
                "utvikling av tjenestene.</p>"
                "<p>Ledere har også en avgjørende rolle som kulturskapere. Kommuner som lykkes "
                "med rekruttering og kompetanseheving er preget av god oversikt over personell "
                "og kompetanseutfordringer. Regjeringen vil bidra til å styrke lederkompetansen "
                "i den kommunale helse- og omsorgstjeneste og den fylkeskommunale "
                "tannhelsetjeneste gjennom å videreføre Nasjonal lederutdanning for "
                "primærhelsetjenesten.</p>"
            ),
        },
    ]
    for area in areas:
        area.update(items=[], link_text=READ_MORE, link_url=REGJERINGEN_URL)
    page, created = ensure_page(
        index,
        PlanPage,
        "kompetanseloft-2025",
        published_at=oslo(2021, 12, 20),
        title="Kompetanseløft 2025",
        search_description=K2025_SUMMARY,
        plan_type=PlanType.STRATEGY,
        owning_unit="Regjeringen",
        period_from=2021,
        period_to=2025,
        status=PlanStatus.ADOPTED,
        summary=f"<p>{K2025_SUMMARY}.</p>",
        last_substantive_change_at=oslo(2021, 12, 20),
        body=[
            (
                "strategy_areas",
                {
                    "title": "Strategiområder",
                    "intro": (
                        "<p>Kompetanseløft 2025 (K2025) består av fire strategiske områder med "
                        "en rekke tiltak som videreutvikles i planperioden.</p>"
                    ),
                    "areas": areas,
                },
            )
        ],
        tagged_items=tagged("kompetanse", "rekruttering", "helse og omsorg"),
    )
    return page


def load_competence_plan(index, k2025):
    """Seed 004: Kompetanseplan Helse- og omsorgsavdelingen 2024-2027."""
    full_title = "Kompetanseplan for Helse- og omsorgsavdelingen 2024-2027"
    document = ensure_document(
        full_title,
        "kompetanseplan-helse-og-omsorgsavdelingen-2024-2027.pdf",
        simple_pdf(
            full_title,
            [
                "Administrasjonsutvalg 21.11.23, Velferdsutvalg 22.11.23",
                "Elsa Kommedahl og Tone Moan Nordby, Kvalitet- og utviklingskontoret",
            ],
        ),
    )
    page, created = ensure_page(
        index,
        PlanPage,
        "kompetanseplan-helse-og-omsorgsavdelingen-2024-2027",
        # Published when adopted: by Velferdsutvalg on 22.11.23, the second of its two steps.
        published_at=oslo(2023, 11, 22),
        title="Kompetanseplan Helse- og omsorgsavdelingen 2024-2027",
        plan_type=PlanType.COMPETENCE_PLAN,
        owning_unit="Kvalitet- og utviklingskontoret",
        period_from=2024,
        period_to=2027,
        status=PlanStatus.ADOPTED,
        full_document=document,
        full_document_text="Lenke til Kompetanseplan for Helse- og omsorgsavdelingen 2024-2027",
        adoption_steps=[
            PlanAdoptionStep(body_name="Administrasjonsutvalg", date=datetime.date(2023, 11, 21)),
            PlanAdoptionStep(body_name="Velferdsutvalg", date=datetime.date(2023, 11, 22)),
        ],
        authors=[
            PlanAuthor(person=person(name, "Kvalitet- og utviklingskontoret"))
            for name in ["Elsa Kommedahl", "Tone Moan Nordby"]
        ],
        related_plans=[
            RelatedPlan(
                title="NY VIRKELIGHET – NY VELFERD",
                description=(
                    "Kommunedelplan for Helse-, omsorgs og sosialtjenestene i Bodø kommune "
                    "2018-2030"
                ),
            ),
            RelatedPlan(plan=k2025, description=K2025_SUMMARY),
        ],
        body=[
            ("heading", {"text": "Hvorfor?", "level": "h2"}),
            (
                "quote",
                {
                    "text": (
                        "Personellet er ryggraden i helse- og omsorgstjenestene.\n\n"
                        "Tilstrekkelig og kompetent personell er avgjørende for at sykehus og "
                        "kommuner skal kunne tilby helse- og omsorgstjenester av god kvalitet.\n\n"
                        "Demografiutviklingen øker etterspørselen etter helsepersonell og "
                        "stopper samtidig personellveksten."
                    ),
                    "source": "NOU 2023:4 Tid for handling",
                    "source_role": "Norges offentlige utredninger 2023: 4",
                    "citation": (
                        "Tid for handling – Personellet i en bærekraftig helse- og omsorgstjeneste"
                    ),
                    "citation_url": "",
                },
            ),
            ("text", "<p><b>Felles eierskap til plan og prosess</b></p>"),
            ("heading", {"text": "Smart Helse", "level": "h2"}),
            (
                "text",
                "<p>Kompetanseplanen utgjør en vesentlig del av Smart helse, der planens "
                "strategier tydelig støtter opp under disse fire fokusområdene i Smart helse:</p>"
                "<ol><li>Styrke innbyggere.</li><li>Bedre hjemme.</li>"
                "<li>Tjeneste- og organisasjonsutvikling.</li>"
                "<li>Generasjonsvennlig samfunn.</li></ol>",
            ),
            (
                "goal",
                {
                    "title": "Målsetting",
                    "text": (
                        "<p>Det overordnede målet for kompetanseplanen er å rekruttere, beholde "
                        "og utvikle nok personell med rett kompetanse, som leverer bærekraftige, "
                        "forsvarlige og gode helse- og omsorgstjenester til kommunens "
                        "innbyggere.</p>"
                        "<p>Planen skal bidra til felles forståelse av utfordringer og "
                        "muligheter, vise retning og gi gode prioriteringer.</p>"
                    ),
                },
            ),
            (
                "strategy_area",
                area(
                    "Ledelse og organisering",
                    "Styrke og utvikle godt lederskap",
                    "Optimal bruk av kompetanse",
                    "Samarbeid",
                    "Omdømmebygging",
                ),
            ),
            (
                "strategy_areas",
                {
                    "title": "Rekruttere, beholde og utvikle personell",
                    "intro": "",
                    "areas": [
                        area(
                            "Utdanning, fagutvikling og forskning",
                            "Kompetanseheving",
                            "Praksis og veiledning",
                            "Fagutvikling",
                            "Forskning",
                        ),
                        area(
                            "Attraktiv arbeidsplass",
                            "Konkurransedyktig lønnsvilkår",
                            "Grunnbemanning og arbeidsvilkår",
                            "Heltidskultur og turnusordninger",
                            "Mottak og oppfølging av nye medarbeidere",
                            "Senior- og livsfasepolitikk",
                        ),
                        area(
                            "Tjenesteutvikling og innovasjon",
                            "Digitalisering og nye arbeidsformer",
                            "Kunnskap, ferdigheter og holdninger",
                        ),
                    ],
                },
            ),
            (
                "quote",
                {
                    "text": (
                        "En virksomhet som satser på kompetanse vil styrke sitt omdømme som "
                        "attraktiv arbeidsgiver. Å investere i bruk og utvikling av de ansattes "
                        "kompetanse er den viktigste innsatsfaktoren for fremtidig verdiskapning "
                        "og måloppnåelse"
                    ),
                    "source": "Linda Lai",
                    "source_role": "professor i ledelse og organisasjonspsykologi",
                    "citation": "",
                    "citation_url": "",
                },
            ),
        ],
        tagged_items=tagged("kompetanse", "rekruttering", "helse og omsorg"),
    )
    return page


def area(title, *items):
    return {
        "title": title,
        "short_title": "",
        "text": "",
        "items": list(items),
        "link_text": "",
        "link_url": "",
    }


def load_master_plan(index):
    """Seed 001: the municipal sub-plan «Mestring for alle» that the thematic plan is part of."""
    page, _ = ensure_page(
        index,
        PlanPage,
        "kommunedelplan-helse-og-velferd-2015-2030",
        # The seeds give no adoption date; the plan is first attested by the thematic plan of
        # 24.06.2019 that builds on it (seed 001), so it is dated no later than that.
        published_at=oslo(2019, 6, 24),
        title="Kommunedelplan helse og velferd 2015-2030 «Mestring for alle»",
        plan_type=PlanType.MUNICIPAL_SUB_PLAN,
        owning_unit="Helse og velferd",
        period_from=2015,
        period_to=2030,
        status=PlanStatus.ADOPTED,
        summary=(
            "<p>Gjennom arbeidet med kommunedelplanen er det synliggjort ulike behov og "
            "satsinger for tjenesteutviklingen i åra fremover, blant annet behovet for en "
            "temaplan for kompetanse og rekruttering i helse og velferd.</p>"
        ),
        tagged_items=tagged("helse og velferd"),
    )
    return page


def load_thematic_plan(index, master):
    """Seed 001: the thematic plan adopted by Driftskomiteen in case 27/19.

    The case and the committee come from the meetings demo, which runs first; without them the
    adoption step names the committee in text only.
    """
    case = (
        CasePage.objects.filter(case_number=27, case_year=2019).select_related("body_page").first()
    )
    committee = case.body_page if case else BodyPage.objects.filter(title="Driftskomiteen").first()
    plan_document = ensure_document(
        "Temaplan kompetanse og rekruttering helse og velferd 24.06.19",
        "temaplan-kompetanse-og-rekruttering-helse-og-velferd.pdf",
        simple_pdf(
            "Temaplan kompetanse og rekruttering helse og velferd",
            ["Levanger kommune, helse og velferd", "24.06.2019"],
        ),
    )
    measures_document = ensure_document(
        "Beskrivelser av tiltak i temaplanen",
        "beskrivelser-av-tiltak-i-temaplanen.pdf",
        simple_pdf(
            "Beskrivelser av tiltak i temaplanen",
            ["Temaplan kompetanse og rekruttering helse og velferd"],
        ),
    )
    page, _ = ensure_page(
        index,
        PlanPage,
        "temaplan-kompetanse-og-rekruttering-helse-og-velferd",
        # Published when Driftskomiteen adopted it in case 27/19.
        published_at=oslo(2019, 9, 25),
        title="Temaplan kompetanse og rekruttering helse og velferd",
        plan_type=PlanType.THEMATIC_PLAN,
        owning_unit="Helse og velferd",
        period_from=2019,
        document_date=datetime.date(2019, 6, 24),
        status=PlanStatus.ADOPTED,
        parent_plan=master,
        full_document=plan_document,
        summary=(
            "<p>Temaplan kompetanse og rekruttering helse og velferd er en overordna plan for "
            "hele helse og velferd, og hver avdeling må lage sin egen plan med utgangspunkt i "
            "planen.</p>"
            "<p>I tillegg til mål, strategier og tiltak for planområdet viser temaplanen det "
            "samlede kompetansebehovet i helse og velferd, sortert på spesialistkompetanse, "
            "fagkompetanse, basiskompetanse og ledelsesplattformen. I tillegg er det utarbeidet "
            "et årshjul som viser når ulike tiltak relatert til kompetanseutvikling og "
            "rekruttering blir håndtert gjennom året.</p>"
        ),
        body=[
            (
                "goal",
                {
                    "title": "Overordnet mål",
                    "text": (
                        "<p>Planen skal legge til grunn at helse og omsorgstjenesten til enhver "
                        "tid har formålstjenlig, forsvarlig og tilstrekkelig kompetanse inne "
                        "tjenesteyting, administrasjon og forvaltning, til å håndtere krav og "
                        "forventninger som kommer fra tjenestemottakere og samfunnet.</p>"
                        "<p>Planen har et todelt perspektiv:</p>"
                        "<ul><li>Organisasjonens behov for kompetanse</li>"
                        "<li>Den ansattes behov for videreutvikling.</li></ul>"
                        "<p>Dette skal legge grunnlaget for en positiv læringskultur, der "
                        "systematisk kvalitetsforbedring av tjenesten er resultatet.</p>"
                    ),
                },
            ),
            (
                "text",
                "<p>Temaplanen er kunnskapsgrunnlag ved revidering av Kommunedelplan helse og "
                "velferd. Gjennomføring av kostnadskrevende tiltak i temaplanen forutsetter "
                "prioritering i økonomiplan/budsjett.</p>",
            ),
        ],
        adoption_steps=[
            PlanAdoptionStep(
                body=committee,
                body_name="" if committee else "Driftskomiteen",
                date=datetime.date(2019, 9, 25),
                case=case,
            )
        ],
        # «Plangruppen har bestått av: ...» in the case's facts.
        authors=[
            PlanAuthor(person=person("Kristen Skogseth"), role="prosessleder"),
            PlanAuthor(person=person("Else Beate Vik")),
            PlanAuthor(person=person("Elin Tuseth")),
            PlanAuthor(person=person("Lone Berre")),
            PlanAuthor(person=person("Rannveig Andøl", "NSF")),
            PlanAuthor(person=person("Arnstein Wekre", "Delta")),
            PlanAuthor(person=person("Laila Munkeby", "Fagforbundet")),
        ],
        attachments=[PlanAttachment(document=measures_document)],
        tagged_items=tagged("kompetanse", "rekruttering", "helse og velferd"),
    )
    return page
