"""Admin building blocks that keep staff inside their organisation, on the server.

Lists, forms, inlines and autocompletes all go through these checks; an object outside the
account's scope is a 404, an action the account may not take a 403.
"""

from django.contrib import admin
from django.http import Http404

from .. import access
from ..access import followable_dispatches, scope_for
from ..audit import record
from ..models import AuditEvent
from .widgets import (
    KnownLabelsAutocompleteSelect,
    KnownLabelsAutocompleteSelectMultiple,
    label_known_values,
)


class NotFoundOutsideScopeMixin:
    """The admin redirects to its index when an object is missing; out of scope is a plain 404."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            label = self.model._meta.label
            record(AuditEvent.Kind.ACCESS_REFUSED, request=request, detail=f"{label} {object_id}")
            raise Http404("Không có mục này trong phạm vi của tài khoản.")
        return obj


class ReadOnlyMixin:
    """Records written only by the services: readable, never added, edited or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FollowedDispatchesMixin:
    """Receipt records listed only for the dispatches the account follows (access rule)."""

    dispatch_field = "dispatch"

    def get_queryset(self, request):
        followed = followable_dispatches(request.user)
        return super().get_queryset(request).filter(**{f"{self.dispatch_field}__in": followed})


class PartListAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A dispatch's parts listed on their own, for superusers to look across dispatches; read
    only for everyone: a draft's parts are edited on its page (through the drafting services),
    a published dispatch's only through a correction."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class DraftPartInline:
    """An inline part of a dispatch: editable only while the dispatch is a draft in scope.

    `related` and `prefetched` name what each row prints, loaded with the rows so that a
    published dispatch's read-only page costs the same queries for 3 lines or 300."""

    related: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.prefetch_related(*self.prefetched)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            db = kwargs.get("using")
            kwargs["widget"] = KnownLabelsAutocompleteSelect(db_field, self.admin_site, using=db)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            db = kwargs.get("using")
            kwargs["widget"] = KnownLabelsAutocompleteSelectMultiple(
                db_field, self.admin_site, using=db
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        """Each row's autocomplete widgets get the objects the row already holds (no query)."""
        base = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(base):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                label_known_values(form)
                return form

        LabelledFormSet.__name__ = base.__name__
        return LabelledFormSet

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or access.can_view(request.user, obj))

    def has_add_permission(self, request, obj):
        allowed = super().has_add_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))


def is_autocomplete_for(request, model_name: str, field_name: str) -> bool:
    """True when the admin's autocomplete view asks for the choices of model_name.field_name."""
    return (
        request.resolver_match is not None
        and request.resolver_match.url_name == "autocomplete"
        and request.GET.get("model_name") == model_name
        and request.GET.get("field_name") == field_name
    )


def scope_of(request):
    return scope_for(request.user)
