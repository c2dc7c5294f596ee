from django.contrib import admin

from einclusie.devices.models import Beneficiary, ConnectivityItem, DataWipe, Device, EligibilityGround, Loan


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["serial_number", "device_type", "brand", "model", "status", "organisation"]
    list_filter = ["status", "device_type"]
    search_fields = ["serial_number", "brand", "model"]


@admin.register(DataWipe)
class DataWipeAdmin(admin.ModelAdmin):
    list_display = ["device", "method", "wiped_on", "wiped_by", "certificate_number"]


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ["device", "beneficiary", "status", "handed_over_on", "due_on"]
    list_filter = ["status"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(admin.ModelAdmin):
    # The reference only: personal fields are read in the workspace, where reading them is permission-checked.
    list_display = ["reference", "organisation", "municipality", "retain_until", "erased_at"]
    fields = ["reference", "organisation", "municipality", "retain_until", "erased_at"]
    readonly_fields = fields


@admin.register(EligibilityGround)
class EligibilityGroundAdmin(admin.ModelAdmin):
    list_display = ["label_nl", "kind", "organisation", "is_active"]


@admin.register(ConnectivityItem)
class ConnectivityItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "provider", "code", "status", "valid_until", "organisation"]
