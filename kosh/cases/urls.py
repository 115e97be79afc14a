"""Pages of applications and decisions, under /cases/."""

from django.urls import path

from .views import case, console, portal

app_name = "cases"

urlpatterns = [
    path("apply/", portal.instrument_pick, name="apply"),
    path("apply/<slug:code>/", portal.application_form, name="apply-form"),
    path("apply/<slug:code>/precheck/", portal.precheck, name="precheck"),
    path("mine/", portal.my_cases, name="mine"),
    path("queue/", console.queue, name="queue"),
    path("register/", portal.register, name="register"),
    path("whatif/", console.whatif, name="whatif"),
    path("documents/<str:number>.pdf", portal.issued_download, name="issued-pdf"),
    path("<int:case_id>/", case.case_page, name="case"),
    path("<int:case_id>/take/", case.case_take, name="take"),
    path("<int:case_id>/assign/", case.case_assign, name="assign"),
    path("<int:case_id>/request/", case.case_request_documents, name="request"),
    path("<int:case_id>/decide/", case.case_decide_view, name="decide"),
    path("<int:case_id>/confirm/", case.criterion_confirm, name="confirm"),
    path("<int:case_id>/resolve/", case.contradiction_resolve, name="resolve"),
    path("<int:case_id>/comment/", case.case_comment, name="comment"),
    path("<int:case_id>/upload/", case.case_upload, name="upload"),
    path("<int:case_id>/answer/", case.case_answer, name="answer"),
    path("<int:case_id>/withdraw/", case.case_withdraw, name="withdraw"),
    path("<int:case_id>/files/<int:file_id>/", case.case_file, name="file"),
]
