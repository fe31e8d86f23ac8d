"""Geometry of the plan timeline on /planer/: one bar per plan period, today marked.

The SVG itself is drawn by templates/plans/components/timeline.html from these numbers, so the
picture is plain server-side markup that works without JavaScript. There are two layouts of the
same data: the wide one (labels beside the bars) and a narrow one for phones (`Timeline.narrow`,
labels wrapped onto their own lines above full-width bars), chosen by CSS media queries so that
the 13-unit labels render at about 13 px at either size.
"""

import datetime
import textwrap
from dataclasses import dataclass, field

WIDTH = 800
MARGIN_X = 12
AXIS_HEIGHT = 34
ROW_HEIGHT = 46
BAR_HEIGHT = 14
LABEL_OFFSET = 16  # from the row's top to the label's baseline
BAR_OFFSET = 22  # from the row's top to the bar's top

# The narrow layout is drawn for a 320-unit-wide viewBox and shown at most 30rem wide, so a
# 13-unit label is at least 11.7 px on a 320 px phone and about 14 px at 390 px.
NARROW_WIDTH = 320
NARROW_LINE_HEIGHT = 16
NARROW_LABEL_CHARS = 38  # characters per label line at 13 units in the narrow plot
NARROW_ROW_GAP = 12
NARROW_MIN_TICK_GAP = 44  # units between labelled years, room for "2025" and some air


@dataclass
class TimelineBar:
    plan: object
    y: float
    label_y: float
    x: float
    width: float
    open_ended: bool
    label_x: float
    label_anchor: str  # "start", or "end" for bars in the right half so the label fits
    label_lines: list = field(default_factory=list)  # the narrow layout's wrapped label


@dataclass
class TimelineTick:
    year: int
    x: float
    labelled: bool


@dataclass
class Timeline:
    start_year: int
    end_year: int  # exclusive: the axis ends on 1 January of this year
    today: datetime.date
    today_x: float
    height: float
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    width: int = WIDTH
    plans: list = field(default_factory=list, repr=False)

    @property
    def narrow(self):
        """The same plans laid out for a phone: wrapped labels above full-width bars."""
        return build_narrow_timeline(self.plans, self.today)

    @property
    def today_anchor(self):
        """Write "I dag" left of the line, or right of it when the line is near the left edge."""
        return "end" if self.today_x > self.width * 0.2 else "start"

    @property
    def last_year(self):
        return self.end_year - 1

    @property
    def plot_bottom(self):
        return self.height - 4


def year_fraction(day):
    """The date as a fractional year: 1 January 2025 is 2025.0, 2 July 2025 about 2025.5."""
    start = datetime.date(day.year, 1, 1)
    days_in_year = (datetime.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / days_in_year


class YearScale:
    """The years axis shared by both layouts: from the first plan (or this year) to the end of
    the last plan (or this year), drawn across `width` units less the margins."""

    def __init__(self, plans, today, width):
        self.start = min([plan.period_from for plan in plans] + [today.year])
        self.end = max([plan.period_to or plan.period_from for plan in plans] + [today.year]) + 1
        self.span = self.end - self.start
        self.plot_width = width - 2 * MARGIN_X

    def x_of(self, year):
        return round(MARGIN_X + (year - self.start) / self.span * self.plot_width, 1)

    def tick_years(self, step):
        """Every `step`th year, and the first and last year of the axis."""
        return [
            year
            for year in range(self.start, self.end + 1)
            if step == 1 or year % step == 0 or year in (self.start, self.end)
        ]

    def bar(self, plan):
        """(x, width, open_ended) of a plan's bar; an open end runs to the end of the axis."""
        open_ended = plan.period_to is None
        last = self.end if open_ended else plan.period_to + 1
        x = self.x_of(plan.period_from)
        return x, round(self.x_of(last) - x, 1), open_ended


def build_timeline(plans, today):
    """The timeline of `plans` (PlanPage objects, in display order), or None without plans."""
    plans = list(plans)
    if not plans:
        return None
    scale = YearScale(plans, today, WIDTH)
    step = 1 if scale.span <= 12 else 5 if scale.span <= 60 else 10
    ticks = [
        TimelineTick(year=year, x=scale.x_of(year), labelled=year % step == 0 or step == 1)
        for year in scale.tick_years(step)
    ]
    bars = []
    for row, plan in enumerate(plans):
        top = AXIS_HEIGHT + row * ROW_HEIGHT
        x, width, open_ended = scale.bar(plan)
        right_half = x > WIDTH * 0.55
        bars.append(
            TimelineBar(
                plan=plan,
                y=top + BAR_OFFSET,
                label_y=top + LABEL_OFFSET,
                x=x,
                width=width,
                open_ended=open_ended,
                label_x=round(x + width, 1) if right_half else x,
                label_anchor="end" if right_half else "start",
            )
        )
    return Timeline(
        start_year=scale.start,
        end_year=scale.end,
        today=today,
        today_x=scale.x_of(year_fraction(today)),
        height=AXIS_HEIGHT + len(plans) * ROW_HEIGHT + 6,
        bars=bars,
        ticks=ticks,
        plans=plans,
    )


def bar_label(plan):
    return f"{plan.title} ({plan.period_label}, {plan.get_status_display().lower()})"


def build_narrow_timeline(plans, today):
    """The narrow layout of `build_timeline`: each plan's label wrapped above its bar."""
    plans = list(plans)
    if not plans:
        return None
    scale = YearScale(plans, today, NARROW_WIDTH)
    per_year = scale.plot_width / scale.span
    step = next((s for s in (1, 2, 5, 10, 20, 50) if s * per_year >= NARROW_MIN_TICK_GAP), 100)
    ticks = [
        # A year's label is written right of its line: none so near the edge that it is cut.
        TimelineTick(
            year=year,
            x=scale.x_of(year),
            labelled=year % step == 0 and scale.x_of(year) < NARROW_WIDTH - NARROW_MIN_TICK_GAP,
        )
        for year in scale.tick_years(step)
    ]
    bars = []
    top = AXIS_HEIGHT
    for plan in plans:
        lines = textwrap.wrap(bar_label(plan), NARROW_LABEL_CHARS, break_long_words=True)
        x, width, open_ended = scale.bar(plan)
        label_y = top + LABEL_OFFSET
        bar_y = label_y + (len(lines) - 1) * NARROW_LINE_HEIGHT + BAR_OFFSET - LABEL_OFFSET
        bars.append(
            TimelineBar(
                plan=plan,
                y=bar_y,
                label_y=label_y,
                x=x,
                width=width,
                open_ended=open_ended,
                label_x=MARGIN_X,
                label_anchor="start",
                label_lines=lines,
            )
        )
        top = bar_y + BAR_HEIGHT + NARROW_ROW_GAP
    return Timeline(
        start_year=scale.start,
        end_year=scale.end,
        today=today,
        today_x=scale.x_of(year_fraction(today)),
        height=top + 6,
        bars=bars,
        ticks=ticks,
        width=NARROW_WIDTH,
        plans=plans,
    )
