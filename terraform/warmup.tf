# Scheduled warm-up: a PingSource posting a CloudEvent to the warmup Service at /v1/warmup.
resource "kubernetes_manifest" "warmup_schedule" {
  manifest = {
    apiVersion = "sources.knative.dev/v1"
    kind       = "PingSource"
    metadata = {
      name      = "marketcache-warmup-schedule"
      namespace = local.namespace
      labels    = merge(local.common_labels, { "app.kubernetes.io/component" = "warmup" })
    }
    spec = {
      schedule    = var.warmup_schedule
      timezone    = "Etc/UTC"
      contentType = "application/json"
      data        = "{\"trigger\":\"schedule\"}"
      sink = {
        ref = {
          apiVersion = "serving.knative.dev/v1"
          kind       = "Service"
          name       = kubernetes_manifest.service["warmup"].manifest.metadata.name
        }
        uri = "/v1/warmup"
      }
    }
  }
}
