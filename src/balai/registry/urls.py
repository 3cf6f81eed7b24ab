from balai.registry.views import books, imports, people, stats

app_name = "registry"
urlpatterns = [*books.urlpatterns, *people.urlpatterns, *stats.urlpatterns, *imports.urlpatterns]
