"""The workflow kit's pages: proposals (trình — duyệt) of every module, staff notifications."""

from django.urls import path

from danvan.workflow import notification_views, saved_filter_views
from danvan.workflow import proposal_views as views

app_name = "workflow"

urlpatterns = [
    path(
        "staff/saved-filters/",
        saved_filter_views.SaveFilterView.as_view(),
        name="saved-filter-save",
    ),
    path(
        "staff/saved-filters/<int:pk>/delete/",
        saved_filter_views.DeleteFilterView.as_view(),
        name="saved-filter-delete",
    ),
    path(
        "staff/notifications/",
        notification_views.NotificationListView.as_view(),
        name="notifications",
    ),
    path(
        "staff/notifications/read-all/",
        notification_views.NotificationReadAllView.as_view(),
        name="notifications-read-all",
    ),
    path(
        "staff/notifications/<int:pk>/read/",
        notification_views.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("staff/proposals/", views.ProposalAwaitingView.as_view(), name="proposals-awaiting"),
    path(
        "staff/proposals/returned/",
        views.ProposalReturnedView.as_view(),
        name="proposals-returned",
    ),
    path(
        "staff/proposals/role-grant/",
        views.RoleGrantProposeView.as_view(),
        name="proposal-role-grant",
    ),
    path("staff/proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path(
        "staff/proposals/<int:pk>/approve/",
        views.ProposalApproveView.as_view(),
        name="proposal-approve",
    ),
    path(
        "staff/proposals/<int:pk>/return/",
        views.ProposalReturnView.as_view(),
        name="proposal-return",
    ),
    path(
        "staff/proposals/<int:pk>/again/", views.ProposeAgainView.as_view(), name="proposal-again"
    ),
    path(
        "staff/proposals/<int:pk>/withdraw/",
        views.ProposalWithdrawView.as_view(),
        name="proposal-withdraw",
    ),
    path(
        "staff/proposals/<int:pk>/files/<int:file_id>/",
        views.ProposalFileView.as_view(),
        name="proposal-file",
    ),
]
