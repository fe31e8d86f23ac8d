"""One transaction for each post of the admin's "add case" form.

A case number typed by the editor is checked in the form (CasePage.clean) and stored by the
view afterwards. Two editors typing the same number at the same moment would both pass the
check, and the second insert would fail on the unique constraint (a 500, and the work lost).
Inside one transaction, `CasePageForm.clean` locks the body's row before the check (PostgreSQL;
SQLite's IMMEDIATE transaction holds the write lock from the start), so the second editor
waits, then sees the number taken and gets the error next to the field, with the form as typed.
"""

import re

from django.db import transaction
from django.urls import reverse

ADD_CASE = re.compile(r"^{prefix}meetings/casepage/\d+/$")


class CaseNumberingTransactionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._pattern = None

    @property
    def pattern(self):
        if self._pattern is None:
            # Where Wagtail's "add page" view lives, e.g. /admin/pages/add/.
            prefix = reverse("wagtailadmin_pages:add", args=("meetings", "casepage", 1))
            prefix = prefix.removesuffix("meetings/casepage/1/")
            self._pattern = re.compile(ADD_CASE.pattern.format(prefix=re.escape(prefix)))
        return self._pattern

    def __call__(self, request):
        if request.method == "POST" and self.pattern.match(request.path_info):
            with transaction.atomic():
                return self.get_response(request)
        return self.get_response(request)
