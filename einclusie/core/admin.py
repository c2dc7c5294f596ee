from django.contrib import admin

from einclusie.core.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "verb", "subject", "actor", "organisation"]
    list_filter = ["verb"]
    search_fields = ["subject", "verb"]
    readonly_fields = ["occurred_at", "verb", "subject", "actor", "organisation", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
