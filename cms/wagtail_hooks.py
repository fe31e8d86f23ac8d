"""Serving hooks of the shared publishing features."""

from wagtail import hooks

from .models import DocumentPage

HISTORY_VIEWS = {
    DocumentPage.version_list,
    DocumentPage.version_detail,
    DocumentPage.version_diff,
}


def is_history_request(page, serve_args):
    if not isinstance(page, DocumentPage) or len(serve_args) != 3:
        return False
    return getattr(serve_args[0], "__func__", None) in HISTORY_VIEWS


# Inside Wagtail's own view-restriction check (order 0), so private pages stay private.
@hooks.register("on_serve_page", order=100)
def serve_version_history(serve_next):
    """Serve the `versjoner/` routes of every document page, also when its type has its own
    serve() (a registration form, for example), which would otherwise answer the history
    addresses with the page itself."""

    def serve(page, request, serve_args, serve_kwargs):
        if is_history_request(page, serve_args):
            return DocumentPage.serve(page, request, *serve_args)
        return serve_next(page, request, serve_args, serve_kwargs)

    return serve
