from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param, number, anchor=""):
    """The current URL with `param` set to `number` (other filters kept), plus an anchor."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}" + (f"#{anchor}" if anchor else "")
