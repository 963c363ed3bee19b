"""`{% programme_menu access request.path as entries %}`: the programme menu's entries (`homes/menu.py`)."""

from django import template

from commonground.homes.menu import MenuEntry, menu
from commonground.programmes.permissions import ProgrammeAccess

register = template.Library()


@register.simple_tag
def programme_menu(access: ProgrammeAccess, path: str) -> list[MenuEntry]:
    return menu(access, path)
