# BROKEN ON PURPOSE: the block is never closed.
resource "kubernetes_config_map_v1" "notes" {
  metadata {
    name = "notes"
  }
