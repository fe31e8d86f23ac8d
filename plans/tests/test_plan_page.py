"""A plan page as a citizen sees it, the tree rules, links between plans and cases both ways."""

import datetime

from django.template import Context, Template
from django.test import TestCase
from wagtail.models import Page, Site
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import HomePageFactory
from home.models import HomePage
from meetings.factories import (
    BodyIndexPageFactory,
    BodyPageFactory,
    CasePageFactory,
    PersonFactory,
)
from plans.factories import (
    PlanAdoptionStepFactory,
    PlanAttachmentFactory,
    PlanIndexPageFactory,
    PlanPageFactory,
    RelatedPlanFactory,
)
from plans.models import PlanAuthor, PlanIndexPage, PlanPage, PlanStatus


class PlanTreeRulesTests(WagtailPageTestCase):
    def test_the_plan_index_goes_under_the_home_page_and_holds_plans(self):
        self.assertAllowedParentPageTypes(PlanIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PlanIndexPage, {PlanPage})
        self.assertCanCreateAt(HomePage, PlanIndexPage)

    def test_plans_go_under_the_plan_index_only_and_have_no_subpages(self):
        self.assertAllowedParentPageTypes(PlanPage, {PlanIndexPage})
        self.assertAllowedSubpageTypes(PlanPage, set())
        self.assertCanNotCreateAt(HomePage, PlanPage)

    def test_an_editor_can_create_a_plan_with_blocks_and_inlines(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        index = PlanIndexPageFactory(parent=home)
        author = PersonFactory(name="Elsa Kommedahl")
        self.login()
        self.assertCanCreate(
            index,
            PlanPage,
            nested_form_data(
                {
                    "title": "Kompetanseplan 2024-2027",
                    "slug": "kompetanseplan",
                    "plan_type": "competence_plan",
                    "owning_unit": "Kvalitet- og utviklingskontoret",
                    "period_from": "2024",
                    "period_to": "2027",
                    "status": "adopted",
                    "summary": rich_text("<p>Sammendrag</p>"),
                    "body": streamfield(
                        [
                            ("heading", {"text": "Hvorfor?", "level": "h2"}),
                            (
                                "quote",
                                {
                                    "text": "Personellet er ryggraden.",
                                    "source": "NOU 2023:4 Tid for handling",
                                    "source_role": "",
                                    "citation": "",
                                    "citation_url": "",
                                },
                            ),
                            ("goal", {"title": "Målsetting", "text": rich_text("<p>Mål</p>")}),
                            (
                                "measures",
                                {
                                    "title": "Tiltak",
                                    "measures": streamfield(
                                        [
                                            (
                                                "item",
                                                {
                                                    "measure": "Kartlegging",
                                                    "responsible": "Kommunalsjef",
                                                    "deadline": "2025",
                                                    "cost": "",
                                                    "status": "ongoing",
                                                },
                                            )
                                        ]
                                    ),
                                },
                            ),
                        ]
                    ),
                    "adoption_steps": inline_formset(
                        [{"body_name": "Velferdsutvalg", "date": "2023-11-22"}]
                    ),
                    "authors": inline_formset([{"person": author.pk, "role": ""}]),
                    "related_plans": inline_formset([]),
                    "attachments": inline_formset([]),
                    "language": "nb",
                    "change_kind": "substantive",
                }
            ),
        )
        plan = PlanPage.objects.get(slug="kompetanseplan")
        edit = self.client.get(f"/admin/pages/{plan.pk}/edit/")
        self.assertEqual(edit.status_code, 200)
        self.assertContains(edit, "Elsa Kommedahl")
        self.assertEqual(
            [b.block_type for b in plan.body], ["heading", "quote", "goal", "measures"]
        )
        self.assertEqual(plan.authors.get().person, author)


class PlanPageRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.index = PlanIndexPageFactory(parent=cls.home)
        cls.master = PlanPageFactory(
            parent=cls.index,
            title="Kommunedelplan helse og velferd 2015-2030",
            plan_type="municipal_sub_plan",
            period_from=2015,
            period_to=2030,
        )
        cls.national = PlanPageFactory(
            parent=cls.index, title="Kompetanseløft 2025", plan_type="strategy"
        )
        bodies = BodyIndexPageFactory(parent=cls.home)
        cls.committee = BodyPageFactory(parent=bodies, title="Driftskomiteen")
        cls.case = CasePageFactory(
            parent=cls.committee, title="Temaplan kompetanse", case_number=27, case_year=2019
        )
        cls.plan = PlanPageFactory(
            parent=cls.index,
            title="Kompetanseplan Helse- og omsorgsavdelingen 2024-2027",
            plan_type="competence_plan",
            owning_unit="Kvalitet- og utviklingskontoret",
            document_date=datetime.date(2019, 6, 24),
            parent_plan=cls.master,
            summary="<p>Planens sammendrag.</p>",
            full_document_url="https://example.org/plan.pdf",
            full_document_text="Lenke til hele planen",
            body=[
                ("heading", {"text": "Hvorfor?", "level": "h2"}),
                (
                    "quote",
                    {
                        "text": "Personellet er ryggraden.\n\nAndre avsnitt.",
                        "source": "NOU 2023:4 Tid for handling",
                        "source_role": "Norges offentlige utredninger 2023: 4",
                        "citation": "Tid for handling",
                        "citation_url": "",
                    },
                ),
                ("goal", {"title": "Målsetting", "text": "<p>Det overordnede målet.</p>"}),
                (
                    "strategy_areas",
                    {
                        "title": "Strategiområder",
                        "intro": "<p>Fire områder.</p>",
                        "areas": [
                            {
                                "title": "Rekruttere, beholde og utvikle personell",
                                "short_title": "Rekruttere og beholde",
                                "text": "<p>Tekst.</p>",
                                "items": ["Kompetanseheving", "Fagutvikling"],
                                "link_text": "Les mer på regjeringen.no",
                                "link_url": "https://www.regjeringen.no/",
                            }
                        ],
                    },
                ),
                (
                    "measures",
                    {
                        "title": "Tiltak 2024",
                        "measures": [
                            {
                                "measure": "Kompetansekartlegging",
                                "responsible": "Avdelingsleder",
                                "deadline": "2025",
                                "cost": "50 000 kr",
                                "status": "ongoing",
                            }
                        ],
                    },
                ),
                ("key_figure", {"value": "35 %", "label": "er over 55 år", "source": "SSB"}),
            ],
        )
        PlanAdoptionStepFactory(
            page=cls.plan, body_name="Administrasjonsutvalg", date=datetime.date(2023, 11, 21)
        )
        PlanAdoptionStepFactory(
            page=cls.plan,
            body=cls.committee,
            body_name="",
            date=datetime.date(2019, 9, 25),
            case=cls.case,
        )
        PlanAuthor.objects.create(
            page=cls.plan,
            person=PersonFactory(name="Elsa Kommedahl", title="", unit="Kvalitet"),
            role="prosessleder",
        )
        RelatedPlanFactory(page=cls.plan, plan=cls.national, title="")
        RelatedPlanFactory(
            page=cls.plan, title="NY VIRKELIGHET – NY VELFERD", description="Kommunedelplan"
        )
        cls.attachment = PlanAttachmentFactory(page=cls.plan, title="Tiltaksbeskrivelser")

    def get(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_citizen_sees_every_structured_fact(self):
        html = self.get(self.plan)
        for text in [
            "<h1>Kompetanseplan Helse- og omsorgsavdelingen 2024-2027</h1>",
            "Kompetanseplan",
            "Kvalitet- og utviklingskontoret",
            "2024–2027",
            '<time datetime="2019-06-24">24.06.2019</time>',
            'status--ok">Vedtatt</span>',
            'Administrasjonsutvalg <time datetime="2023-11-21">21.11.2023</time>',
            "Elsa Kommedahl, prosessleder",
            "Planens sammendrag.",
            '<a class="button" href="https://example.org/plan.pdf">Lenke til hele planen</a>',
            "<h2>Hvorfor?</h2>",
            "<p>Personellet er ryggraden.</p>",
            "<cite>Tid for handling</cite>",
            "NOU 2023:4 Tid for handling",
            "<h2>Målsetting</h2>",
            "<h2>Strategiområder</h2>",
            "<li>Rekruttere og beholde</li>",
            "<h3>Rekruttere, beholde og utvikle personell</h3>",
            "<li>Fagutvikling</li>",
            '<a href="https://www.regjeringen.no/">Les mer på regjeringen.no',
            "<caption>Tiltak 2024</caption>",
            '<th scope="row">Kompetansekartlegging</th>',
            '<td data-label="Status">Pågår</td>',
            "35 %",
            '<footer class="document-meta">',
        ]:
            self.assertIn(text, html)

    def test_the_adopting_case_and_body_are_linked(self):
        html = self.get(self.plan)
        self.assertIn(f'<a href="{self.committee.url}">Driftskomiteen</a>', html)
        self.assertIn(f'<a href="{self.case.url}">sak 27/19</a>', html)

    def test_attachments_show_type_and_size(self):
        html = self.get(self.plan)
        document = self.attachment.document
        self.assertIn(f'<a href="{document.url}">Tiltaksbeskrivelser</a>', html)
        self.assertRegex(html, rf"\({document.file_extension.upper()}, [0-9,.]+\sbyte\)")

    def test_parent_and_child_plans_link_both_ways(self):
        self.assertIn(
            f'<a href="{self.master.url}">Kommunedelplan helse og velferd 2015-2030</a>',
            self.get(self.plan),
        )
        master_html = self.get(self.master)
        self.assertIn("Underordnede planer", master_html)
        self.assertIn(f'<a href="{self.plan.url}">{self.plan.title}</a>', master_html)

    def test_related_plans_link_both_ways(self):
        html = self.get(self.plan)
        self.assertIn(f'<a href="{self.national.url}">Kompetanseløft 2025</a>', html)
        self.assertIn("<strong>NY VIRKELIGHET – NY VELFERD</strong>", html)
        national_html = self.get(self.national)
        self.assertIn("Planer som viser til denne planen", national_html)
        self.assertIn(f'<a href="{self.plan.url}">{self.plan.title}</a>', national_html)

    def test_a_replaced_plan_links_to_its_replacement_and_back(self):
        old = PlanPageFactory(
            parent=self.index,
            title="Gammel kompetanseplan",
            status=PlanStatus.REPLACED,
            replaced_by=self.plan,
        )
        self.assertIn(f'Erstattet av <a href="{self.plan.url}">', self.get(old))
        html = self.get(self.plan)
        self.assertIn("Denne planen erstatter", html)
        self.assertIn(f'<a href="{old.url}">Gammel kompetanseplan</a>', html)

    def test_a_plan_on_hearing_shows_its_deadline(self):
        plan = PlanPageFactory(
            parent=self.index,
            status=PlanStatus.HEARING,
            hearing_deadline=datetime.date(2025, 4, 1),
        )
        self.assertIn('Høringsfrist: <time datetime="2025-04-01">01.04.2025</time>', self.get(plan))

    def test_the_case_lists_the_plans_it_adopted(self):
        html = Template("{% load plans_tags %}{% adopted_plans case %}").render(
            Context({"case": self.case})
        )
        self.assertIn("Plan vedtatt i denne saken", html)
        self.assertIn(f'<a href="{self.plan.url}">{self.plan.title}</a>', html)
        self.assertNotIn(self.master.title, html)

    def test_a_case_without_plans_renders_nothing(self):
        other = CasePageFactory(parent=self.committee, case_number=28, case_year=2019)
        html = Template("{% load plans_tags %}{% adopted_plans case %}").render(
            Context({"case": other})
        )
        self.assertEqual(html.strip(), "")

    def test_unpublished_plans_are_not_listed_on_the_case(self):
        self.plan.unpublish()
        html = Template("{% load plans_tags %}{% adopted_plans case %}").render(
            Context({"case": self.case})
        )
        self.assertEqual(html.strip(), "")

    def test_public_diff_fields_render_every_public_field_as_text(self):
        fields = dict(self.plan.public_diff_fields())
        self.assertEqual(fields["Plantype"], "Kompetanseplan")
        self.assertEqual(fields["Planperiode"], "2024–2027")
        self.assertEqual(fields["Datert"], "24.06.2019")
        self.assertEqual(
            fields["Vedtak"],
            "Administrasjonsutvalg 21.11.2023\nDriftskomiteen 25.09.2019, sak 27/19",
        )
        self.assertIn("Elsa Kommedahl", fields["Utarbeidet av"])
        self.assertEqual(fields["Sammendrag"], "Planens sammendrag.")
        self.assertIn("Sitat: Personellet er ryggraden.", fields["Innhold"])
        self.assertIn("- Kompetanseheving", fields["Innhold"])
        self.assertIn("Status: Pågår", fields["Innhold"])
        self.assertEqual(fields["Overordnet plan"], self.master.title)
        self.assertIn("NY VIRKELIGHET – NY VELFERD – Kommunedelplan", fields["Relaterte planer"])
        self.assertEqual(fields["Vedlegg"], "Tiltaksbeskrivelser")
        self.assertTrue(all(isinstance(text, str) for _, text in self.plan.public_diff_fields()))

    def test_public_diff_fields_work_on_an_old_revision(self):
        revision = self.plan.save_revision()
        self.plan.title = "Ny tittel"
        self.plan.save_revision().publish()
        old = revision.as_object()
        self.assertEqual(old.title, "Kompetanseplan Helse- og omsorgsavdelingen 2024-2027")
        fields = dict(old.public_diff_fields())
        self.assertEqual(fields["Tittel"], old.title)
        self.assertIn("Administrasjonsutvalg 21.11.2023", fields["Vedtak"])

    def test_public_diff_fields_unescape_rich_text(self):
        self.plan.summary = "<p>Helse &amp; omsorg</p><p>Andre &lt;avsnitt&gt;</p>"
        self.plan.body = [("text", RichText("<p>Mål &amp; tiltak</p>"))]
        fields = dict(self.plan.public_diff_fields())
        self.assertEqual(fields["Sammendrag"], "Helse & omsorg\nAndre <avsnitt>")
        self.assertIn("Mål & tiltak", fields["Innhold"])
