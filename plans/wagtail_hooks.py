"""Admin registration: the plans section's role for `manage.py setup_roles`."""

from wagtail import hooks

from .roles import setup_plan_roles

hooks.register("setup_roles", setup_plan_roles)
