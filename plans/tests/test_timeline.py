"""The timeline of plan periods on /planer/: geometry and the accessible SVG it renders to."""

import datetime
import re
from types import SimpleNamespace

import time_machine
from django.test import SimpleTestCase, TestCase
from wagtail.models import Page, Site

from home.factories import HomePageFactory
from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanStatus
from plans.timeline import MARGIN_X, NARROW_WIDTH, WIDTH, build_timeline, year_fraction


def plan(period_from, period_to, status="adopted"):
    return SimpleNamespace(period_from=period_from, period_to=period_to, status=status)


class TimelineGeometryTests(SimpleTestCase):
    def test_no_plans_no_timeline(self):
        self.assertIsNone(build_timeline([], datetime.date(2025, 3, 1)))

    def test_the_axis_spans_every_period_and_today(self):
        timeline = build_timeline([plan(2015, 2030), plan(2024, 2027)], datetime.date(2035, 1, 1))
        self.assertEqual((timeline.start_year, timeline.end_year), (2015, 2036))
        timeline = build_timeline([plan(2024, 2027)], datetime.date(2019, 6, 1))
        self.assertEqual((timeline.start_year, timeline.end_year), (2019, 2028))

    def test_a_bar_covers_its_years_from_1_january_to_31_december(self):
        # Axis 2024..2028 (exclusive), so each year is a quarter of the plot width.
        timeline = build_timeline([plan(2025, 2026), plan(2024, 2027)], datetime.date(2025, 1, 1))
        quarter = (WIDTH - 2 * MARGIN_X) / 4
        first, second = timeline.bars
        self.assertAlmostEqual(first.x, MARGIN_X + quarter, places=0)
        self.assertAlmostEqual(first.width, 2 * quarter, places=0)
        self.assertAlmostEqual(second.x, MARGIN_X, places=0)
        self.assertAlmostEqual(second.width, 4 * quarter, places=0)
        self.assertLess(first.y, second.y)

    def test_today_is_placed_within_its_year(self):
        timeline = build_timeline([plan(2024, 2027)], datetime.date(2026, 7, 2))
        quarter = (WIDTH - 2 * MARGIN_X) / 4
        self.assertAlmostEqual(timeline.today_x, MARGIN_X + 2.5 * quarter, delta=1)
        self.assertAlmostEqual(year_fraction(datetime.date(2024, 1, 1)), 2024.0)

    def test_an_open_ended_plan_runs_to_the_end_of_the_axis(self):
        timeline = build_timeline([plan(2019, None), plan(2024, 2027)], datetime.date(2025, 1, 1))
        open_bar = timeline.bars[0]
        self.assertTrue(open_bar.open_ended)
        self.assertAlmostEqual(open_bar.x + open_bar.width, WIDTH - MARGIN_X, places=0)

    def test_labels_of_bars_in_the_right_half_end_at_the_bar(self):
        timeline = build_timeline([plan(2000, 2001), plan(2029, 2030)], datetime.date(2025, 1, 1))
        left, right = timeline.bars
        self.assertEqual((left.label_anchor, left.label_x), ("start", left.x))
        self.assertEqual(right.label_anchor, "end")
        self.assertAlmostEqual(right.label_x, right.x + right.width, places=0)


def titled_plan(title, period_from, period_to):
    return SimpleNamespace(
        title=title,
        period_from=period_from,
        period_to=period_to,
        status="adopted",
        period_label=f"{period_from}–{period_to}",
        get_status_display=lambda: "Vedtatt",
    )


class NarrowTimelineTests(SimpleTestCase):
    def test_labels_wrap_above_their_bars_and_rows_do_not_overlap(self):
        long_title = "Kommunedelplan helse og velferd 2015-2030 «Mestring for alle»"
        timeline = build_timeline(
            [titled_plan(long_title, 2015, 2030), titled_plan("Kort plan", 2024, 2027)],
            datetime.date(2025, 7, 2),
        ).narrow
        self.assertEqual(timeline.width, NARROW_WIDTH)
        first, second = timeline.bars
        self.assertGreater(len(first.label_lines), 1)
        self.assertEqual(" ".join(first.label_lines), f"{long_title} (2015–2030, vedtatt)")
        self.assertTrue(all(len(line) <= 38 for line in first.label_lines))
        self.assertEqual((first.label_x, first.label_anchor), (MARGIN_X, "start"))
        self.assertGreater(first.y, first.label_y + 16 * (len(first.label_lines) - 1))
        self.assertGreater(second.label_y - 13, first.y + 14)
        self.assertGreaterEqual(timeline.height, second.y + 14)

    def test_year_labels_are_spaced_and_none_is_cut_at_the_right_edge(self):
        timeline = build_timeline([titled_plan("A", 2015, 2030)], datetime.date(2025, 7, 2)).narrow
        labelled = [tick for tick in timeline.ticks if tick.labelled]
        self.assertGreaterEqual(len(labelled), 2)
        gaps = [b.x - a.x for a, b in zip(labelled, labelled[1:], strict=False)]
        self.assertTrue(all(gap >= 44 for gap in gaps))
        self.assertTrue(all(tick.x <= NARROW_WIDTH - 44 for tick in labelled))


@time_machine.travel("2025-07-02 12:00 +02:00", tick=False)
class TimelineRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = HomePageFactory(parent=Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        cls.index = PlanIndexPageFactory(parent=home)
        PlanPageFactory(
            parent=cls.index, title="Kompetanseløft 2025", period_from=2021, period_to=2025
        )
        PlanPageFactory(
            parent=cls.index,
            title="Handlingsplan klima",
            period_from=2025,
            period_to=2026,
            status=PlanStatus.HEARING,
            hearing_deadline=datetime.date(2025, 9, 1),
        )
        PlanPageFactory(
            parent=cls.index, title="Temaplan rekruttering", period_from=2019, period_to=None
        )

    def svg(self, query=""):
        html = self.client.get(f"/planer/{query}").content.decode()
        match = re.search(r"<svg .*?</svg>", html, re.S)
        self.assertIsNotNone(match)
        return html, match.group(0)

    def test_one_bar_per_plan_coloured_by_status(self):
        html, svg = self.svg()
        self.assertEqual(len(re.findall(r"<rect ", svg)), 3)
        self.assertIn('class="plan-timeline__bar plan-timeline__bar--hearing"', svg)
        self.assertIn('fill="#a65300"', svg)  # on hearing
        self.assertEqual(svg.count('fill="#1b5e20"'), 2)  # adopted
        self.assertIn("Handlingsplan klima (2025–2026, på høring)", svg)
        self.assertIn("Temaplan rekruttering (fra 2019, vedtatt)", svg)
        self.assertIn('stroke-dasharray="4 3"', svg)  # the open-ended plan

    def test_the_svg_is_an_image_with_title_and_description(self):
        html, svg = self.svg()
        self.assertIn('role="img"', svg)
        self.assertIn('aria-labelledby="plan-timeline-title plan-timeline-desc"', svg)
        self.assertIn('<title id="plan-timeline-title">Tidslinje over planperiodene</title>', svg)
        self.assertIn(
            "3 planer vist som én stolpe hver for perioden de gjelder, fra 2019 til 2026. "
            "Dagens dato, 02.07.2025, er markert med en loddrett linje.",
            svg,
        )
        self.assertIn(">I dag</text>", svg)
        # Coordinates are written with a decimal point whatever the language.
        self.assertNotRegex(svg, r'(x|width)="\d+,\d+"')

    def test_today_is_marked(self):
        html, svg = self.svg()
        today = re.search(r'<g class="plan-timeline__today">\s*<line x1="([\d.]+)"', svg)
        # The axis runs 2019..2027; 2 July 2025 is 6.5 of its 8 years in.
        expected = MARGIN_X + 6.5 / 8 * (WIDTH - 2 * MARGIN_X)
        self.assertAlmostEqual(float(today.group(1)), expected, delta=1.5)

    def test_the_text_alternative_lists_every_plan(self):
        html, svg = self.svg()
        table = html.split('<details class="plan-timeline__alternative">', 1)[1]
        self.assertIn("<caption>Planperioder og status per 02.07.2025</caption>", table)
        rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', table)
        self.assertEqual(
            [title for _, title in rows],
            ["Handlingsplan klima", "Kompetanseløft 2025", "Temaplan rekruttering"],
        )
        self.assertIn("<td>fra 2019</td>", table)
        self.assertIn("<td>På høring</td>", table)

    def test_the_timeline_follows_the_filters(self):
        html, svg = self.svg("?status=hearing")
        self.assertEqual(len(re.findall(r"<rect ", svg)), 1)

    def test_no_timeline_when_nothing_matches(self):
        html = self.client.get("/planer/?type=strategy").content.decode()
        self.assertNotIn("<svg", html)
        self.assertIn("Ingen planer passer med filtrene du har valgt.", html)
