from django import template

from ..workplaces import workplaces_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_workplaces(context):
    request = context.get("request")
    return workplaces_for(request) if request is not None else []
