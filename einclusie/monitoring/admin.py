from django.contrib import admin

from einclusie.monitoring.models import Indicator, SurveyQuestion, SurveyResponse, SurveyRound


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nl", "factor", "unit", "is_public", "position"]
    list_editable = ["is_public", "position"]
    search_fields = ["code", "name_nl"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "text_nl", "required", "is_active", "position"]


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "closes_on", "opened_at"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "submitted_at", "updated_at"]
    list_filter = ["round"]
    raw_id_fields = ["organisation", "submitted_by"]
