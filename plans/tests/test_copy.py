import pytest

from plans.models import PlanPage


@pytest.mark.django_db
def test_a_copied_document_starts_its_own_version_history(demo_site):
    plan = PlanPage.objects.get(slug="kompetanseloft-2025")
    plan.change_note = "Rettet en lenke"
    plan.change_kind = "correction"
    plan.save()
    assert plan.last_substantive_change_at is not None

    copy = plan.copy(update_attrs={"slug": "kopi", "title": "Kopi"}, keep_live=False)

    assert copy.last_substantive_change_at is None
    assert copy.change_note == ""
    assert copy.change_kind == "substantive"
    assert copy.first_published_at is None
