from django.contrib import admin

from einclusie.monitoring.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "factor", "unit", "is_public", "position"]
    list_editable = ["is_public", "position"]
    search_fields = ["code", "name_nl"]
