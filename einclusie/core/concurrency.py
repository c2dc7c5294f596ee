"""Edit conflicts: two people who open the same form and both save must not silently overwrite each other.

A form with `EditConflictMixin` carries a hidden version token: a hash of the values it shows, as they were stored
when the form was shown. The service saves through `lock_unchanged(form)` inside its transaction: it locks the row
(`select_for_update`) and refuses the save when the stored values differ from the ones the form was built on.
The view then calls `form.show_current(error)`: the form shows the values now stored, a new token and the message.
"""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "version"
EDIT_CONFLICT = _(
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en voer uw wijziging opnieuw in."
)


def _plain(value):
    if isinstance(value, list | tuple | set):  # many-to-many: the chosen objects, in any order
        return sorted(str(getattr(item, "pk", item)) for item in value)
    if isinstance(value, FieldFile):  # a file by its name (not any value with a name: a choice has one too)
        return value.name
    return str(value) if value is not None else None


def row_version(instance, *, fields=None, exclude=None):
    """A short hash of the instance's values of the given model fields (all editable fields when None)."""
    values = {name: _plain(value) for name, value in model_to_dict(instance, fields, exclude).items()}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:32]


class EditConflictMixin:
    """ModelForm mixin: a hidden `version` field with the row's version when the form was shown (edits only)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.initial[VERSION_FIELD] = self.stored_version(self.instance)

    def stored_version(self, instance):
        return row_version(instance, fields=self._meta.fields, exclude=self._meta.exclude)

    def show_current(self, error):
        """After a refused save: show the values stored now (with a fresh token) and the error at the top."""
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        self.instance = current
        values = model_to_dict(current, self._meta.fields, self._meta.exclude)
        show_unbound(self, {**values, VERSION_FIELD: self.stored_version(current)}, error)


def show_unbound(form, initial, error):
    """Turn a bound form back into one that shows `initial` (what is stored now), with `error` at the top."""
    form.initial = initial
    form.is_bound = False
    form.data, form.files = {}, {}
    form._errors = None
    form._bound_fields_cache = {}
    form.add_error(None, error)


def lock_unchanged(form):
    """Inside a transaction: lock the form's row and refuse when it changed since the form was shown.

    Returns the locked row as stored (before this save). A form for a new row has no token; a post without one
    (not sent from the form page) is not checked either.
    """
    instance = form.instance
    if instance.pk is None or VERSION_FIELD not in form.fields:
        return None
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    token = form.cleaned_data.get(VERSION_FIELD)
    if token and token != form.stored_version(locked):
        raise ValidationError(EDIT_CONFLICT, code="edit_conflict")
    return locked
