"""Template tags of the meetings pages: what the committee changed."""

import re

from django import template

from cms.diff import word_diff as compute_word_diff
from cms.text import html_to_text

register = template.Library()


def _as_text(value):
    if value is None:
        return ""
    if hasattr(value, "source") or "<" in str(value):
        return html_to_text(value)
    return str(value)


@register.inclusion_tag("meetings/components/proposal_vs_decision.html")
def proposal_diff(page):
    """What the committee changed: the chief executive's proposal against the decision.

    The proposal is the case's numbered proposal points (or a `proposal` field), the decision
    its `decision` rich text. Point numbers are left out on both sides, so that a list in the
    decision compares with the proposal's points. Shows nothing until the case is decided, and
    nothing for a case exempt from public access.
    """
    if getattr(page, "is_exempt_for_public", False):
        return {"show": False}
    proposal = _without_numbers(_proposal_text(page))
    decision = _without_numbers(_as_text(getattr(page, "decision", "")))
    if not decision.strip() or not proposal.strip():
        return {"show": False}
    return {"show": True, "diff": compute_word_diff(proposal, decision), "page": page}


NUMBER_RE = re.compile(r"^\s*\d+\s*[.)]\s+")


def _without_numbers(text):
    return "\n".join(NUMBER_RE.sub("", line) for line in text.splitlines())


def _proposal_text(page):
    points = getattr(page, "proposal_points", None)
    if points is not None:
        return "\n".join(point.text for point in points.all())
    return _as_text(getattr(page, "proposal", ""))
