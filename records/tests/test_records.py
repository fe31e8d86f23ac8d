"""export_records and import_records as an operator uses them, and what citizens see after."""

import hashlib
import io
import json
import os

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, Revision

from meetings.models import AgendaItem, BodyPage, CasePage, MeetingPage, Person
from plans.models import PlanPage


def run_import(path, *args):
    """(stdout, stderr, error) of import_records."""
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("import_records", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


def public_urls():
    pages = Page.objects.live().public().type(BodyPage, MeetingPage, CasePage, PlanPage)
    urls = []
    for page in pages.specific():
        urls.append(page.url)
        for child in page.get_children().live().public():
            urls.append(child.url)
    return sorted(set(urls))


def record_count(path):
    data = json.loads(path.read_text())
    return sum(len(data[kind]) for kind in ("people", "bodies", "meetings", "cases", "plans"))


def write(tmp_path, data, name="records.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_export_import_round_trip_gives_the_same_pages_and_export(
    demo_site, tmp_path, flush_records, main_text, export_data
):
    # Exempt content is the municipality's own archive: it is exported and comes back exempt.
    item = AgendaItem.objects.order_by("pk").first()
    AgendaItem.objects.filter(pk=item.pk).update(
        exempt=True, exempt_basis="Offl. § 13", public_title="Personalsak"
    )
    first = tmp_path / "first.json"
    call_command("export_records", str(first), stderr=io.StringIO())
    urls = public_urls()
    before = {url: main_text(url) for url in urls}
    assert len(urls) > 10
    assert "Personalsak" in before[item.page.url] and item.title not in before[item.page.url]

    flush_records()
    assert not MeetingPage.objects.exists() and not Person.objects.exists()
    out, err, error = run_import(first)
    assert error is None, err
    assert "feilet" in out and " 0 feilet" in out.splitlines()[-1]

    assert public_urls() == urls
    for url in urls:
        assert main_text(url) == before[url], url
    second = tmp_path / "second.json"
    call_command("export_records", str(second), stderr=io.StringIO())
    assert export_data(second) == export_data(first)
    exported_item = json.loads(first.read_text())["meetings"]
    assert any(
        row["exempt"] and row["title"] == item.title and row["public_title"] == "Personalsak"
        for meeting in exported_item
        for row in meeting["agenda"]
    )
    # The imported pages have a public history: one published version each.
    meeting = MeetingPage.objects.get(url_path=item.page.url_path)
    assert PageLogEntry.objects.filter(page=meeting, action="wagtail.publish").count() == 1
    assert main_text(meeting.url + "versjoner/")


def test_rerunning_an_import_changes_nothing(demo_site, exported, flush_records):
    flush_records()
    run_import(exported)
    revisions, log_entries = Revision.objects.count(), PageLogEntry.objects.count()
    out, err, error = run_import(exported)
    assert error is None, err
    count = record_count(exported)
    assert out.splitlines()[-1] == f"Totalt: 0 opprettet, 0 oppdatert, {count} uendret, 0 feilet"
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, log_entries)


def test_importing_the_export_into_the_same_site_changes_nothing(exported):
    revisions = Revision.objects.count()
    out, _err, error = run_import(exported)
    assert error is None
    assert "0 opprettet, 0 oppdatert" in out.splitlines()[-1]
    assert Revision.objects.count() == revisions


def test_a_changed_record_becomes_a_new_published_revision(exported, main_text):
    data = json.loads(exported.read_text())
    case = data["cases"][0]
    case["title"] = "Ny tittel på saken fra importen"
    page = CasePage.objects.get(case_number=case["number"], case_year=case["year"])
    revisions = page.revisions.count()
    out, err, error = run_import(write(exported.parent, data))
    assert error is None, err
    assert "sak: 0 opprettet, 1 oppdatert" in out
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.live and not page.has_unpublished_changes
    assert "Ny tittel på saken fra importen" in main_text(page.url)


def test_broken_records_are_reported_by_record_and_field_and_the_good_ones_imported(
    exported, flush_records
):
    data = json.loads(exported.read_text())
    flush_records()
    good_case = data["cases"][0]
    broken_meeting = data["meetings"][0]
    broken_meeting["status"] = "maybe"
    missing_title = {**good_case, "number": 901, "slug": "", "title": None}
    del missing_title["title"]
    exempt_without_basis = json.loads(json.dumps({**good_case, "number": 902, "slug": ""}))
    exempt_without_basis["exempt"] = True
    exempt_without_basis["exempt_basis"] = ""
    unknown_person = {**good_case, "number": 903, "slug": "", "case_officer": "Ingen Slik"}
    data["cases"] = [good_case, missing_title, exempt_without_basis, unknown_person]
    data["meetings"] = [m for m in data["meetings"] if m["date"] != broken_meeting["date"]] + [
        broken_meeting
    ]
    # The good case's flow points at the broken meeting: keep only its other steps.
    good_case["flow"] = [
        step
        for step in good_case["flow"]
        if step["meeting"] is None or step["meeting"]["date"] != broken_meeting["date"]
    ]

    out, err, error = run_import(write(exported.parent, data))

    assert error is not None
    body = good_case["body"]
    assert f"møte «{broken_meeting['body']} {broken_meeting['date']}»: status:" in err
    assert f"sak «{body} 901/{good_case['year']}»: title: feltet mangler" in err
    assert f"sak «{body} 902/{good_case['year']}»: exempt_basis:" in err
    assert f"sak «{body} 903/{good_case['year']}»: case_officer: ukjent person «Ingen Slik»" in err
    assert CasePage.objects.filter(case_number=good_case["number"]).get().live
    assert not CasePage.objects.filter(case_number__in=[901, 902, 903]).exists()
    assert not MeetingPage.objects.filter(date=broken_meeting["date"]).exists()
    assert MeetingPage.objects.count() == len(data["meetings"]) - 1
    assert "sak: 1 opprettet, 0 oppdatert, 0 uendret, 3 feilet" in out


def test_a_record_failing_half_way_leaves_no_page(exported, flush_records):
    data = json.loads(exported.read_text())
    flush_records()
    meeting = next(m for m in data["meetings"] if m["minutes"])
    # The meeting page is fine; its minutes fail only when the page is saved (model rule).
    meeting["minutes"]["approval_status"] = "approved"
    meeting["minutes"]["approved_at"] = None
    data = {**data, "meetings": [meeting], "cases": [], "plans": []}
    out, err, error = run_import(write(exported.parent, data))
    assert error is not None
    assert "minutes.approved_at: Oppgi når referatet ble godkjent." in err
    assert not MeetingPage.objects.exists()
    assert not Page.objects.filter(slug=meeting["minutes"]["slug"]).exists()


def test_dry_run_writes_nothing(exported, flush_records, settings):
    flush_records()
    pages, people = Page.objects.count(), Person.objects.count()
    documents_dir = settings.MEDIA_ROOT and (settings.MEDIA_ROOT + "/documents")
    files_before = set(_files(documents_dir))
    out, err, error = run_import(exported, "--dry-run")
    assert error is None, err
    assert out.startswith("Prøvekjøring, ingenting er lagret.")
    assert f"Totalt: {record_count(exported)} opprettet" in out
    assert (Page.objects.count(), Person.objects.count()) == (pages, people)
    assert set(_files(documents_dir)) == files_before


def _files(directory):
    if not directory or not os.path.isdir(directory):
        return []
    return os.listdir(directory)


def test_a_file_that_is_not_the_format_is_refused_before_anything_is_read(tmp_path, db):
    out, err, error = run_import(write(tmp_path, {"format": "noe annet", "people": "x"}))
    assert error is not None and "ingenting er importert" in str(error)
    assert "format:" in err and "people:" in err and "version: feltet mangler" in err


@pytest.mark.parametrize("bad", ["not json", ""])
def test_a_broken_json_file_gives_a_clear_error(tmp_path, db, bad):
    path = tmp_path / "x.json"
    path.write_text(bad)
    with pytest.raises(CommandError, match="ikke gyldig JSON"):
        call_command("import_records", str(path))


def test_a_draft_kept_for_a_reference_later_in_the_file_goes_when_that_record_fails(
    exported, flush_records
):
    data = json.loads(exported.read_text())
    flush_records()
    case = data["cases"][0]
    meeting = next(
        m
        for m in data["meetings"]
        if any(row["case"] and row["case"]["number"] == case["number"] for row in m["agenda"])
    )
    case["exempt"], case["exempt_basis"] = True, ""  # breaks a model rule: no legal basis
    data = {**data, "meetings": [meeting], "cases": [case], "plans": []}

    out, err, error = run_import(write(exported.parent, data))

    assert error is not None
    assert "exempt_basis" in err and "finner ikke sak" in err
    assert not MeetingPage.objects.exists() and not CasePage.objects.exists()
    assert "møte: 0 opprettet, 0 oppdatert, 0 uendret, 1 feilet" in out


def test_hostile_file_references_are_refused_per_record(exported, flush_records):
    data = json.loads(exported.read_text())
    flush_records()
    case = data["cases"][0]
    outside = json.loads(json.dumps(case))
    outside["number"], outside["slug"] = 904, ""
    outside["attachments"] = [
        {
            "document": {
                "title": "Passord",
                "filename": "passwd",
                "sha256": "0" * 64,
                "file": "../../etc/passwd",
            }
        }
    ]
    dots = json.loads(json.dumps(case))
    dots["number"], dots["slug"] = 905, ""
    dots["attachments"] = [
        {
            "document": {
                "title": "Prikker",
                "filename": "..",
                "sha256": hashlib.sha256(b"x").hexdigest(),
                "content_base64": "eA==",
            }
        }
    ]
    data = {**data, "meetings": [], "plans": [], "cases": [outside, dots]}
    for step in outside["flow"] + dots["flow"]:
        step["meeting"] = None

    out, err, error = run_import(write(exported.parent, data))

    assert error is not None
    assert "904" in err and "finner ikke filen «../../etc/passwd»" in err
    assert f"sak «{case['body']} 905/{case['year']}»" in err
    assert not CasePage.objects.exists()
