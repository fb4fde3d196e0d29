# Schema migrations run once per rollout in this Job (admin image, Quarkus init-and-exit mode) and nowhere else;
# the functions are applied only after it completed (depends_on in services.tf). Why a Job: see
# k8s/base/job-migrate.yaml. In init-and-exit mode only the datasource and Flyway start, so the Job gets the
# database password and no tokens. A Job's pod template is immutable, so a new image replaces the Job.
resource "terraform_data" "migrate_image" {
  input = "${var.image_registry}/marketcache-admin:${var.image_tag}"
}

resource "kubernetes_manifest" "migrate" {
  manifest = {
    apiVersion = "batch/v1"
    kind       = "Job"
    metadata = {
      name      = "marketcache-migrate"
      namespace = local.namespace
      labels    = merge(local.common_labels, { "app.kubernetes.io/component" = "migrate" })
    }
    spec = {
      backoffLimit          = 3
      activeDeadlineSeconds = 600
      template = {
        metadata = {
          labels = merge(local.common_labels, { "app.kubernetes.io/component" = "migrate" })
        }
        spec = {
          restartPolicy = "Never"
          containers = [{
            name    = "migrate"
            image   = terraform_data.migrate_image.input
            envFrom = local.config_env_from
            env = concat(
              [
                { name = "MARKETCACHE_MIGRATE", value = "true" },
                { name = "QUARKUS_INIT_AND_EXIT", value = "true" },
              ],
              local.db_secret_env,
            )
            resources = {
              requests = { cpu = "250m", memory = "256Mi" }
              limits   = { memory = "256Mi" }
            }
            securityContext = local.container_security
          }]
        }
      }
    }
  }

  wait {
    condition {
      type   = "Complete"
      status = "True"
    }
  }

  timeouts {
    create = "15m"
    update = "15m"
  }

  lifecycle {
    replace_triggered_by = [terraform_data.migrate_image]
  }

  depends_on = [kubernetes_config_map_v1.marketcache, kubernetes_secret_v1.marketcache]
}
