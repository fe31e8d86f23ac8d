"""Small admin views of the meetings section."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from .models import CasePage


@require_GET
def case_summary(request, pk):
    """The title and number of a case, for the agenda item form (agenda-item-case.js).

    Registered under /admin/ (so only signed-in editors reach it); a case the user may not
    edit is only described when it is live, with the title the public sees.
    """
    case = CasePage.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    if not case.permissions_for_user(request.user).can_edit() and not case.live:
        raise Http404
    return JsonResponse({"title": case.title, "number": case.case_number})
