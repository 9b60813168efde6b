"""The search vocabulary, for staff who want to see which words the typo correction knows."""

from django.contrib import admin

from ..models import SearchWord


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    list_display = ["word"]
    search_fields = ["word"]
