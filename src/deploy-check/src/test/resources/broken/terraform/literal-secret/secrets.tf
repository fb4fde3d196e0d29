# BROKEN ON PURPOSE: a literal password and a token taken from a non-sensitive variable.
# The only place secret values enter the deployment: from sensitive variables into the Secret. They also land
# in Terraform state, so state must be encrypted and access-controlled. To keep them out of state entirely,
# delete this resource, create marketcache-secrets out of band (k8s/base/secret.example.yaml shows how) and
# replace the references to it in functions.tf with the literal name.
resource "kubernetes_secret_v1" "marketcache" {
  metadata {
    name      = "marketcache-secrets"
    namespace = local.namespace
    labels    = local.common_labels
  }

  type = "Opaque"

  data = {
    MARKETCACHE_DB_PASSWORD  = "hunter2"
    MARKETCACHE_ADMIN_TOKEN  = var.admin_token
    MARKETCACHE_INGEST_TOKEN = var.db_host
  }
}
