# One Knative Service per function (for_each over local.functions), the same shape as k8s/base/service-*.yaml.
resource "kubernetes_manifest" "service" {
  for_each = local.functions

  manifest = {
    apiVersion = "serving.knative.dev/v1"
    kind       = "Service"
    metadata = {
      name      = "marketcache-${each.key}"
      namespace = local.namespace
      # Everything but the read path is reachable only inside the cluster.
      labels = merge(
        local.common_labels,
        { "app.kubernetes.io/name" = "marketcache-${each.key}", "app.kubernetes.io/component" = each.key },
        each.value.public ? {} : { "networking.knative.dev/visibility" = "cluster-local" },
      )
    }
    spec = {
      template = {
        metadata = {
          labels = merge(local.common_labels, { "app.kubernetes.io/name" = "marketcache-${each.key}", "app.kubernetes.io/component" = each.key })
          annotations = merge(
            {
              "autoscaling.knative.dev/class"                         = "kpa.autoscaling.knative.dev"
              "autoscaling.knative.dev/metric"                        = each.value.metric
              "autoscaling.knative.dev/target"                        = tostring(each.value.target)
              "autoscaling.knative.dev/target-utilization-percentage" = tostring(each.value.utilization)
              "autoscaling.knative.dev/min-scale"                     = tostring(var.scaling[each.key].min_scale)
              "autoscaling.knative.dev/max-scale"                     = tostring(var.scaling[each.key].max_scale)
              "autoscaling.knative.dev/scale-down-delay"              = each.value.scale_down_delay
            },
            # initial-scale 0 is rejected unless the cluster allows it; only set it where pods stay warm.
            var.scaling[each.key].min_scale > 0 ? { "autoscaling.knative.dev/initial-scale" = tostring(var.scaling[each.key].min_scale) } : {},
            each.value.extra_annotations,
          )
        }
        spec = {
          containerConcurrency = each.value.container_concurrency
          timeoutSeconds       = each.value.timeout_seconds
          containers = [{
            name    = each.key
            image   = "${var.image_registry}/marketcache-${each.key}:${var.image_tag}"
            ports   = [{ name = "http1", containerPort = 8080 }]
            envFrom = local.config_env_from
            env     = local.secret_env
            resources = {
              # No CPU limit (throttling is tail latency); memory limit = request.
              requests = { cpu = each.value.cpu, memory = each.value.memory }
              limits   = { memory = each.value.memory }
            }
            readinessProbe = {
              httpGet          = { path = "/q/health/ready" }
              periodSeconds    = 2
              timeoutSeconds   = 1
              failureThreshold = 3
            }
            livenessProbe = {
              httpGet             = { path = "/q/health/live" }
              initialDelaySeconds = 10
              periodSeconds       = 10
              timeoutSeconds      = 2
              failureThreshold    = 3
            }
            securityContext = local.container_security
          }]
        }
      }
    }
  }

  wait {
    condition {
      type   = "Ready"
      status = "True"
    }
  }

  timeouts {
    create = "10m"
    update = "10m"
  }

  depends_on = [kubernetes_manifest.migrate]
}
