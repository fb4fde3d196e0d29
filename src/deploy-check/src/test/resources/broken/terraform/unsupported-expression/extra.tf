# BROKEN ON PURPOSE (for the deploy-check): a manifest read from a file at plan time cannot be checked statically.
resource "kubernetes_manifest" "extra" {
  manifest = yamldecode(file("${path.module}/extra.yaml"))
}
