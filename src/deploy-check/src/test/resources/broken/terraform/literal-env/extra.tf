# BROKEN ON PURPOSE: a debugging Job with the database password pasted in as a literal env value.
resource "kubernetes_manifest" "debug" {
  manifest = {
    apiVersion = "batch/v1"
    kind       = "Job"
    metadata = {
      name      = "marketcache-debug"
      namespace = local.namespace
    }
    spec = {
      template = {
        spec = {
          restartPolicy = "Never"
          containers = [{
            name  = "psql"
            image = "registry.example.com/tools/psql:16"
            env   = [{ name = "MARKETCACHE_DB_PASSWORD", value = "hunter2" }]
          }]
        }
      }
    }
  }
}
