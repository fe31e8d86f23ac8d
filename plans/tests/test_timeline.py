"""The timeline of plan periods on /planer/: geometry and the accessible SVG it renders to."""

import datetime
import re
from types import SimpleNamespace

import pytest
import time_machine

from plans.factories import PlanIndexPageFactory, PlanPageFactory
from plans.models import PlanStatus
from plans.timeline import MARGIN_X, NARROW_WIDTH, WIDTH, build_timeline, year_fraction


def plan(period_from, period_to, status="adopted"):
    return SimpleNamespace(period_from=period_from, period_to=period_to, status=status)


def test_no_plans_no_timeline():
    assert build_timeline([], datetime.date(2025, 3, 1)) is None


def test_the_axis_spans_every_period_and_today():
    timeline = build_timeline([plan(2015, 2030), plan(2024, 2027)], datetime.date(2035, 1, 1))
    assert (timeline.start_year, timeline.end_year) == (2015, 2036)
    timeline = build_timeline([plan(2024, 2027)], datetime.date(2019, 6, 1))
    assert (timeline.start_year, timeline.end_year) == (2019, 2028)


def test_a_bar_covers_its_years_from_1_january_to_31_december():
    # Axis 2024..2028 (exclusive), so each year is a quarter of the plot width.
    timeline = build_timeline([plan(2025, 2026), plan(2024, 2027)], datetime.date(2025, 1, 1))
    quarter = (WIDTH - 2 * MARGIN_X) / 4
    first, second = timeline.bars
    assert first.x == pytest.approx(MARGIN_X + quarter, abs=0.5)
    assert first.width == pytest.approx(2 * quarter, abs=0.5)
    assert second.x == pytest.approx(MARGIN_X, abs=0.5)
    assert second.width == pytest.approx(4 * quarter, abs=0.5)
    assert first.y < second.y


def test_today_is_placed_within_its_year():
    timeline = build_timeline([plan(2024, 2027)], datetime.date(2026, 7, 2))
    quarter = (WIDTH - 2 * MARGIN_X) / 4
    assert timeline.today_x == pytest.approx(MARGIN_X + 2.5 * quarter, abs=1)
    assert year_fraction(datetime.date(2024, 1, 1)) == pytest.approx(2024.0, abs=5e-8)


def test_an_open_ended_plan_runs_to_the_end_of_the_axis():
    timeline = build_timeline([plan(2019, None), plan(2024, 2027)], datetime.date(2025, 1, 1))
    open_bar = timeline.bars[0]
    assert open_bar.open_ended
    assert open_bar.x + open_bar.width == pytest.approx(WIDTH - MARGIN_X, abs=0.5)


def test_labels_of_bars_in_the_right_half_end_at_the_bar():
    timeline = build_timeline([plan(2000, 2001), plan(2029, 2030)], datetime.date(2025, 1, 1))
    left, right = timeline.bars
    assert (left.label_anchor, left.label_x) == ("start", left.x)
    assert right.label_anchor == "end"
    assert right.label_x == pytest.approx(right.x + right.width, abs=0.5)


def titled_plan(title, period_from, period_to):
    return SimpleNamespace(
        title=title,
        period_from=period_from,
        period_to=period_to,
        status="adopted",
        period_label=f"{period_from}–{period_to}",
        get_status_display=lambda: "Vedtatt",
    )


def test_narrow_labels_wrap_above_their_bars_and_rows_do_not_overlap():
    long_title = "Kommunedelplan helse og velferd 2015-2030 «Mestring for alle»"
    timeline = build_timeline(
        [titled_plan(long_title, 2015, 2030), titled_plan("Kort plan", 2024, 2027)],
        datetime.date(2025, 7, 2),
    ).narrow
    assert timeline.width == NARROW_WIDTH
    first, second = timeline.bars
    assert len(first.label_lines) > 1
    assert " ".join(first.label_lines) == f"{long_title} (2015–2030, vedtatt)"
    assert all(len(line) <= 38 for line in first.label_lines)
    assert (first.label_x, first.label_anchor) == (MARGIN_X, "start")
    assert first.y > first.label_y + 16 * (len(first.label_lines) - 1)
    assert second.label_y - 13 > first.y + 14
    assert timeline.height >= second.y + 14


def test_narrow_year_labels_are_spaced_and_none_is_cut_at_the_right_edge():
    timeline = build_timeline([titled_plan("A", 2015, 2030)], datetime.date(2025, 7, 2)).narrow
    labelled = [tick for tick in timeline.ticks if tick.labelled]
    assert len(labelled) >= 2
    gaps = [b.x - a.x for a, b in zip(labelled, labelled[1:], strict=False)]
    assert all(gap >= 44 for gap in gaps)
    assert all(tick.x <= NARROW_WIDTH - 44 for tick in labelled)


@pytest.fixture
def july_2025():
    """2 July 2025, noon in Oslo, for the set-up and the test alike."""
    with time_machine.travel("2025-07-02 12:00 +02:00", tick=False):
        yield


@pytest.fixture
def plan_index(july_2025, home):
    index = PlanIndexPageFactory(parent=home)
    PlanPageFactory(parent=index, title="Kompetanseløft 2025", period_from=2021, period_to=2025)
    PlanPageFactory(
        parent=index,
        title="Handlingsplan klima",
        period_from=2025,
        period_to=2026,
        status=PlanStatus.HEARING,
        hearing_deadline=datetime.date(2025, 9, 1),
    )
    PlanPageFactory(parent=index, title="Temaplan rekruttering", period_from=2019, period_to=None)
    return index


@pytest.fixture
def fetch_svg(client, plan_index):
    """Fetch /planer/ and return its HTML and the timeline's SVG."""

    def fetch(query=""):
        html = client.get(f"/planer/{query}").content.decode()
        match = re.search(r"<svg .*?</svg>", html, re.S)
        assert match is not None
        return html, match.group(0)

    return fetch


def test_one_bar_per_plan_coloured_by_status(fetch_svg):
    html, svg = fetch_svg()
    assert len(re.findall(r"<rect ", svg)) == 3
    assert 'class="plan-timeline__bar plan-timeline__bar--hearing"' in svg
    assert 'fill="#a65300"' in svg  # on hearing
    assert svg.count('fill="#1b5e20"') == 2  # adopted
    assert "Handlingsplan klima (2025–2026, på høring)" in svg
    assert "Temaplan rekruttering (fra 2019, vedtatt)" in svg
    assert 'stroke-dasharray="4 3"' in svg  # the open-ended plan


def test_the_svg_is_an_image_with_title_and_description(fetch_svg):
    html, svg = fetch_svg()
    assert 'role="img"' in svg
    assert 'aria-labelledby="plan-timeline-title plan-timeline-desc"' in svg
    assert '<title id="plan-timeline-title">Tidslinje over planperiodene</title>' in svg
    assert (
        "3 planer vist som én stolpe hver for perioden de gjelder, fra 2019 til 2026. "
        "Dagens dato, 02.07.2025, er markert med en loddrett linje."
    ) in svg
    assert ">I dag</text>" in svg
    # Coordinates are written with a decimal point whatever the language.
    assert not re.search(r'(x|width)="\d+,\d+"', svg)


def test_today_is_marked(fetch_svg):
    html, svg = fetch_svg()
    today = re.search(r'<g class="plan-timeline__today">\s*<line x1="([\d.]+)"', svg)
    # The axis runs 2019..2027; 2 July 2025 is 6.5 of its 8 years in.
    expected = MARGIN_X + 6.5 / 8 * (WIDTH - 2 * MARGIN_X)
    assert float(today.group(1)) == pytest.approx(expected, abs=1.5)


def test_the_text_alternative_lists_every_plan(fetch_svg):
    html, svg = fetch_svg()
    table = html.split('<details class="plan-timeline__alternative">', 1)[1]
    assert "<caption>Planperioder og status per 02.07.2025</caption>" in table
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', table)
    assert [title for _, title in rows] == [
        "Handlingsplan klima",
        "Kompetanseløft 2025",
        "Temaplan rekruttering",
    ]
    assert "<td>fra 2019</td>" in table
    assert "<td>På høring</td>" in table


def test_the_timeline_follows_the_filters(fetch_svg):
    html, svg = fetch_svg("?status=hearing")
    assert len(re.findall(r"<rect ", svg)) == 1


def test_no_timeline_when_nothing_matches(client, plan_index):
    html = client.get("/planer/?type=strategy").content.decode()
    assert "<svg" not in html
    assert "Ingen planer passer med filtrene du har valgt." in html
