from django.contrib.admin.apps import AdminConfig


class BalaiAdminConfig(AdminConfig):
    default_site = "balai.config.admin.BalaiAdminSite"
