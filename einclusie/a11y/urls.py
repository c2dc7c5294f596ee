from django.urls import path

from einclusie.a11y import views_audits, views_register, views_sampling, views_scans, views_statements

app_name = "a11y"

urlpatterns = [
    path("toegankelijkheidsverklaringen/", views_statements.statement_list, name="statement_list"),
    path("toegankelijkheid/<slug:statement_slug>/", views_statements.statement_public, name="statement_public"),
    path("werk/toegankelijkheid/", views_register.home, name="home"),
    path("werk/toegankelijkheid/nieuw/", views_register.service_form, name="service_create"),
    path("werk/toegankelijkheid/steekproef/", views_sampling.sample, name="sample"),
    path("werk/toegankelijkheid/steekproef/<int:sample_id>/", views_sampling.sample_detail, name="sample_detail"),
    path("werk/toegankelijkheid/<int:site_id>/", views_register.service_detail, name="service"),
    path("werk/toegankelijkheid/<int:site_id>/bewerken/", views_register.service_form, name="service_edit"),
    path("werk/toegankelijkheid/<int:site_id>/scannen/", views_register.scan_request, name="scan_request"),
    path("werk/toegankelijkheid/<int:site_id>/verklaring/", views_statements.statement_edit, name="statement"),
    path("werk/toegankelijkheid/<int:site_id>/audits/nieuw/", views_audits.audit_form, name="audit_create"),
    path("werk/toegankelijkheid/audits/<int:audit_id>/", views_audits.audit_detail, name="audit"),
    path("werk/toegankelijkheid/audits/<int:audit_id>/bewerken/", views_audits.audit_form, name="audit_edit"),
    path("werk/toegankelijkheid/audits/<int:audit_id>/rapport.pdf", views_audits.audit_report, name="audit_report"),
    path("werk/toegankelijkheid/scans/<int:scan_id>/", views_scans.scan_detail, name="scan"),
    path("werk/toegankelijkheid/scans/<int:scan_id>/rapport.pdf", views_scans.scan_pdf, name="scan_pdf"),
]
