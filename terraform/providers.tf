# The cluster must already run Knative Serving and Knative Eventing: kubernetes_manifest reads the Service and
# PingSource CRDs from the API server at plan time. Installing Knative itself is out of scope here.
provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}
