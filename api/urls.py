from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.datasets.registry import DATASETS
from api.http import not_found
from api.views import auth, catalog, datasets, pqrsd, public, records
from api.views.root import ApiRootView, PublicSchemaView

app_name = "api"
DATASET_IDS = "|".join(DATASETS)


router = SimpleRouter()
router.register("territories", public.TerritoryViewSet, basename="territory")
router.register("certifications", public.CertificateViewSet, basename="certificate")
router.register("indicators", public.IndicatorValueViewSet, basename="indicatorvalue")
router.register("processes", public.ProcessViewSet, basename="process")
router.register("documents", public.DocumentViewSet, basename="document")
# Authenticated records API (same object-level rules as the admin).
for prefix, viewset in [
    ("territories", records.TerritoryViewSet), ("indicator-values", records.IndicatorValueViewSet),
    ("cases", records.CaseViewSet), ("case-records", records.CaseRecordViewSet),
    ("commitments", records.CommitmentViewSet), ("committee-members", records.CommitteeMemberViewSet),
    ("certificates", records.CertificateViewSet), ("activities", records.ActivityViewSet),
    ("attendees", records.AttendeeViewSet),
]:
    router.register(f"records/{prefix}", viewset, basename=f"records-{prefix}")

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", PublicSchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("catalog/", catalog.CatalogView.as_view(), name="catalog"),
    # Only the datasets and files there are: the schema lists them, anything else is the JSON 404.
    re_path(rf"^datasets/(?P<identifier>(?:{DATASET_IDS}))\.schema\.json$",
            datasets.TableSchemaView.as_view(), name="dataset-schema"),
    re_path(rf"^datasets/(?P<identifier>(?:{DATASET_IDS}))\.(?P<variant>(?:csv|excel\.csv|json|geojson))$",
            datasets.DatasetFileView.as_view(), name="dataset-file"),
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("territories.geojson", public.TerritoryGeoJSONView.as_view(), name="territory-geojson"),
    path("statistics/activities/", public.ActivityStatisticsView.as_view(), name="activity-statistics"),
    path("statistics/pqrsd/", pqrsd.PetitionStatisticsView.as_view(), name="pqrsd-statistics"),
    path("pqrsd/", pqrsd.PetitionCreateView.as_view(), name="pqrsd"),
    path("pqrsd/due-date/", pqrsd.DueDateView.as_view(), name="pqrsd-due-date"),
    *router.urls,
    re_path(r"", not_found),
]
