"""Small template helpers for the component templates (templates/components/)."""

from django import forms, template

register = template.Library()


@register.filter
def accessible_widget(bound_field):
    """Render a field's widget with its hint and errors linked for screen readers."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_choice_group(bound_field):
    """Radio buttons and checkbox lists are rendered as a fieldset with a legend."""
    return isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_input_group(bound_field):
    """Fields of several boxes (a date as day, month, year) are a fieldset with a legend."""
    return isinstance(bound_field.field.widget, forms.MultiWidget)


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def first_error_anchor(bound_field):
    """The id a summary link should jump to: the field itself, or its first option in a group."""
    if is_choice_group(bound_field) or is_input_group(bound_field):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def allows(membership, action):
    """Whether the membership lets its person do the action ({% if membership|allows:"..." %})."""
    return bool(membership) and membership.allows(action)
