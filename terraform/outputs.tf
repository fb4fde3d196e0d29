# Knative writes each Service's URL into its status; kubernetes_manifest does not expose status after apply
# (hashicorp/terraform-provider-kubernetes#1605), so the URLs are read back with a data source.
data "kubernetes_resource" "service" {
  for_each = local.functions

  api_version = "serving.knative.dev/v1"
  kind        = "Service"

  metadata {
    name      = "marketcache-${each.key}"
    namespace = local.namespace
  }

  depends_on = [kubernetes_manifest.service]
}

output "service_urls" {
  description = "URL of each function as Knative reports it (status.url): public for read, svc.cluster.local for the others."
  value       = { for name, service in data.kubernetes_resource.service : name => try(service.object.status.url, null) }
}

output "expected_service_urls" {
  description = "The URLs Knative's default domain template gives, known before apply."
  value = {
    for name, f in local.functions : name => (f.public
      ? "http://marketcache-${name}.${local.namespace}.${var.knative_domain}"
      : "http://marketcache-${name}.${local.namespace}.svc.cluster.local")
  }
}

output "namespace" {
  description = "Namespace the functions run in."
  value       = local.namespace
}
