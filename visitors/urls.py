"""/my/: the visitors' area; each domain's pages for visitors under /my/<app_label>/."""

from django.urls import include, path

from core.domains import domains
from visitors import views

app_name = "visitors"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("sign-in/", views.sign_in_view, name="sign_in"),
    path("sign-in/<str:token>/", views.follow_view, name="follow"),
    path("sign-out/", views.sign_out_view, name="sign_out"),
    *(
        path(f"{domain.app_label}/", include((domain.visitor_urls, domain.app_label)))
        for domain in domains()
        if domain.visitor_urls
    ),
]
