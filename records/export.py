"""Write every record of the site in the records JSON format (docs/import-format.md)."""

import base64
import shutil
from pathlib import Path

from django.utils import timezone

from meetings.models import BodyPage, CasePage, InvitationPage, MeetingPage, MinutesPage, Person
from plans.models import PlanPage

from . import formats


class Exporter:
    """Builds the export document; files go to `files_dir` (relative to the JSON) or inline."""

    def __init__(self, files_dir=None, base_dir=None):
        self.files_dir = files_dir
        self.base_dir = Path(base_dir) if base_dir else None
        self.person_keys = {}
        self.copied = set()

    # References -----------------------------------------------------------------------------

    def ref(self, kind, obj):
        if obj is None:
            return None
        if kind == "person":
            return self.person_keys.get(obj.pk) or formats.person_key(obj)
        data = formats.ref_out(kind, obj)
        if kind in ("document", "image"):
            data.update(self.file_location(obj, data))
        return data

    def file_location(self, obj, data):
        if self.files_dir is None:
            with obj.file.open("rb") as handle:
                return {"content_base64": base64.b64encode(handle.read()).decode("ascii")}
        relative = f"{self.files_dir}/{data['sha256'][:16]}-{data['filename']}"
        if relative not in self.copied:
            target = self.base_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with obj.file.open("rb") as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            self.copied.add(relative)
        return {"file": relative}

    # Records --------------------------------------------------------------------------------

    def page(self, page, spec):
        data = formats.dump(page, spec, self.ref)
        if hasattr(page, "tags"):
            data["tags"] = formats.dump_tags(page)
        data["first_published_at"] = formats.value_out(
            page._meta.get_field("first_published_at"), page.first_published_at
        )
        if hasattr(page, "last_substantive_change_at"):
            data["last_substantive_change_at"] = formats.value_out(
                page._meta.get_field("last_substantive_change_at"),
                page.last_substantive_change_at,
            )
        return data

    def people(self):
        out, seen = [], {}
        for person in Person.objects.order_by("name", "pk"):
            key = formats.person_key(person)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:  # two people with the same name and e-mail: number them
                key = f"{key} #{seen[key]}"
            self.person_keys[person.pk] = key
            out.append({"key": key, **formats.dump(person, formats.PERSON)})
        return out

    def meeting(self, meeting):
        data = {"body": meeting.body_page.slug, **self.page(meeting, formats.MEETING)}
        children = meeting.get_children().live().specific()
        invitation = next((c for c in children if isinstance(c, InvitationPage)), None)
        minutes = next((c for c in children if isinstance(c, MinutesPage)), None)
        data["invitation"] = self.page(invitation, formats.INVITATION) if invitation else None
        data["minutes"] = self.page(minutes, formats.MINUTES) if minutes else None
        return data

    def case(self, case):
        return {
            "body": case.body_page.slug,
            "year": case.case_year,
            "number": case.case_number,
            **self.page(case, formats.CASE),
        }

    def build(self):
        people = self.people()
        return {
            "format": formats.FORMAT_NAME,
            "version": formats.FORMAT_VERSION,
            "exported_at": timezone.now().isoformat(),
            "confidential": True,
            "people": people,
            "bodies": [
                self.page(body, formats.BODY) for body in BodyPage.objects.live().order_by("path")
            ],
            "meetings": [
                self.meeting(meeting)
                for meeting in MeetingPage.objects.live()
                .select_related("body_page")
                .order_by("body_page__slug", "date", "slug")
            ],
            "cases": [
                self.case(case)
                for case in CasePage.objects.live()
                .select_related("body_page")
                .order_by("body_page__slug", "case_year", "case_number")
            ],
            "plans": [
                self.page(plan, formats.PLAN) for plan in PlanPage.objects.live().order_by("path")
            ],
        }
