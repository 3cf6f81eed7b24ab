from balai.registry.views import imports, people, stats

app_name = "registry"
urlpatterns = [*people.urlpatterns, *stats.urlpatterns, *imports.urlpatterns]
