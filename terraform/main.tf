resource "kubernetes_namespace_v1" "marketcache" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name   = var.namespace
    labels = local.common_labels
  }
}

# Non-secret settings, read by every function through envFrom (same keys as k8s/base/configmap.yaml).
resource "kubernetes_config_map_v1" "marketcache" {
  metadata {
    name      = "marketcache-config"
    namespace = local.namespace
    labels    = local.common_labels
  }

  data = merge(
    {
      MARKETCACHE_REDIS_URL         = var.redis_url
      MARKETCACHE_REDIS_CLIENT_TYPE = var.redis_client_type
      MARKETCACHE_DB_HOST           = var.db_host
      MARKETCACHE_DB_PORT           = tostring(var.db_port)
      MARKETCACHE_DB_NAME           = var.db_name
      MARKETCACHE_DB_USER           = var.db_user
      MARKETCACHE_DB_READ_HOST      = var.db_read_host
      # Only the migration Job overrides this with "true" (migrate.tf).
      MARKETCACHE_MIGRATE = "false"
    },
    # Sentinel needs the master's name; Quarkus reads it from this variable directly.
    var.redis_master_name == "" ? {} : { QUARKUS_REDIS_MASTER_NAME = var.redis_master_name },
  )
}
