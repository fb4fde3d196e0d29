# BROKEN ON PURPOSE: a second Knative Service for the read function.
resource "kubernetes_manifest" "read_canary" {
  manifest = {
    apiVersion = "serving.knative.dev/v1"
    kind       = "Service"
    metadata = {
      name      = "marketcache-read"
      namespace = local.namespace
    }
    spec = {
      template = {
        spec = {
          containers = [{ image = "${var.image_registry}/marketcache-read:${var.image_tag}" }]
        }
      }
    }
  }
}
