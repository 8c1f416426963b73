from django.urls import URLPattern, URLResolver

app_name = "isg"

urlpatterns: list[URLPattern | URLResolver] = []
