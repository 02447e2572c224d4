from django.urls import path

from danvan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.AccountLoginView.as_view(), name="login"),
    path("logout/", views.AccountLogoutView.as_view(), name="logout"),
    path("register/", views.CitizenRegisterView.as_view(), name="register"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("password/", views.AccountPasswordChangeView.as_view(), name="password-change"),
    path("two-step/setup/", views.OtpSetupView.as_view(), name="otp-setup"),
    path("two-step/verify/", views.OtpVerifyView.as_view(), name="otp-verify"),
    path("two-step/disable/", views.OtpDisableView.as_view(), name="otp-disable"),
]
