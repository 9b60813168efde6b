"""The staff site: Django's admin with an optional TOTP second factor per user.

A user with a confirmed TOTP device (django-otp) must enter its code at login and is refused
the admin until the session is verified; users without one log in with their password only.
"""

from django.contrib import admin
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Password first; the TOTP code is asked for only from users who set up a device.

    Unknown usernames and wrong passwords get the same message (Django's invalid_login).
    """

    otp_error_messages = OTPAdminAuthenticationForm.otp_error_messages | {
        "token_required": "Tài khoản này bật xác thực hai bước: nhập mã 6 số từ ứng dụng.",
        "invalid_token": "Mã xác thực không đúng hoặc đã hết hạn. Vui lòng thử lại.",
        "device_required": "Tài khoản chưa có thiết bị xác thực đã xác nhận.",
    }

    def _chosen_device(self, user):
        """The device picked in the form, else the user's own confirmed TOTP device."""
        device = super()._chosen_device(user)
        if device is None:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        return device

    def clean(self):
        self.cleaned_data = super(OTPAdminAuthenticationForm, self).clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return self.cleaned_data


class PortalAdminSite(admin.AdminSite):
    site_header = "Cổng cảnh báo lừa đảo — Quản trị"
    site_title = "Quản trị cổng cảnh báo"
    index_title = "Văn bản và đơn vị"
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def index(self, request, extra_context=None):
        """The home page, with the panel of what waits for the account (advisories.admin.site)."""
        from advisories.admin.site import home_panel

        return super().index(request, {**home_panel(request), **(extra_context or {})})

    def has_permission(self, request):
        """Staff, and verified by TOTP when the user has a confirmed device."""
        if not super().has_permission(request):
            return False
        user = request.user
        return user.is_verified() or not user_has_device(user, confirmed=True)
