# BROKEN ON PURPOSE: the admin function is missing from local.functions.
# The five functions and the settings that differ between them. The numbers are the same as in k8s/base and
# their reasons are written there, next to each annotation (k8s/base/service-*.yaml) and in docs/deployment.md.
#
# Keep the expressions in this module within what src/deploy-check can evaluate statically (literals,
# var./local./each./count. references, resource attribute references, conditionals, comparisons, and the
# functions tostring, merge, concat, lookup, contains, length): the deploy-check renders every
# kubernetes_manifest from these files and validates it against k8s/schemas and the deployment rules.
locals {
  functions = {
    read = {
      # Hot path. Scale on RPS (an event-loop pod has few requests in flight), no hard concurrency limit,
      # activator out of the data path, 10 minutes before surplus pods (and their warm L1s) go.
      metric                = "rps"
      target                = 4000
      utilization           = 70
      scale_down_delay      = "10m"
      container_concurrency = 0
      timeout_seconds       = 10
      public                = true
      cpu                   = "1"
      memory                = "512Mi"
      extra_annotations     = { "autoscaling.knative.dev/target-burst-capacity" = "0" }
    }
    ingest = {
      metric                = "concurrency"
      target                = 50
      utilization           = 70
      scale_down_delay      = "5m"
      container_concurrency = 0
      timeout_seconds       = 60
      public                = false
      cpu                   = "500m"
      memory                = "384Mi"
      extra_annotations     = {}
    }
    invalidate = {
      metric                = "concurrency"
      target                = 20
      utilization           = 70
      scale_down_delay      = "2m"
      container_concurrency = 0
      timeout_seconds       = 30
      public                = false
      cpu                   = "100m"
      memory                = "192Mi"
      extra_annotations     = {}
    }
    warmup = {
      # One warm-up at a time (containerConcurrency 1, max_scale 1 enforced in variables.tf).
      metric                = "concurrency"
      target                = 1
      utilization           = 100
      scale_down_delay      = "1m"
      container_concurrency = 1
      timeout_seconds       = 300
      public                = false
      cpu                   = "500m"
      memory                = "384Mi"
      extra_annotations     = {}
    }
  }

  namespace = var.create_namespace ? kubernetes_namespace_v1.marketcache[0].metadata[0].name : var.namespace

  common_labels = {
    "app.kubernetes.io/part-of"    = "marketcache"
    "app.kubernetes.io/managed-by" = "terraform"
  }

  # Secrets reach the containers key by key from the Secret, never as values in a manifest.
  # The migration Job (migrate.tf) gets the database password only; the functions get every secret.
  db_secret_env = [
    { name = "MARKETCACHE_DB_PASSWORD", valueFrom = { secretKeyRef = { name = kubernetes_secret_v1.marketcache.metadata[0].name, key = "MARKETCACHE_DB_PASSWORD" } } },
  ]
  secret_env = concat(local.db_secret_env, [
    { name = "MARKETCACHE_ADMIN_TOKEN", valueFrom = { secretKeyRef = { name = kubernetes_secret_v1.marketcache.metadata[0].name, key = "MARKETCACHE_ADMIN_TOKEN" } } },
    { name = "MARKETCACHE_INGEST_TOKEN", valueFrom = { secretKeyRef = { name = kubernetes_secret_v1.marketcache.metadata[0].name, key = "MARKETCACHE_INGEST_TOKEN" } } },
  ])

  config_env_from = [{ configMapRef = { name = kubernetes_config_map_v1.marketcache.metadata[0].name } }]

  container_security = {
    runAsNonRoot             = true
    allowPrivilegeEscalation = false
    capabilities             = { drop = ["ALL"] }
    seccompProfile           = { type = "RuntimeDefault" }
  }
}
