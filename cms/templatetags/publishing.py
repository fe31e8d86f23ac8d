"""Template filters for the public version history."""

from django import template

register = template.Library()


@register.filter
def version_url(page, version):
    """The public address of `version` of the document `page`."""
    return page.version_url(version)


@register.filter
def version_diff_url(page, version):
    """The public address of the changes made in `version` of the document `page`."""
    return page.version_diff_url(version)
