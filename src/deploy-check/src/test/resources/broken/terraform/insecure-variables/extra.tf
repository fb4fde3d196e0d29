# BROKEN ON PURPOSE: a password not marked sensitive, and a sensitive token with a default.
variable "redis_password" {
  type    = string
  default = ""
}

variable "metrics_token" {
  type      = string
  sensitive = true
  default   = "not-so-secret"
}

locals {
  redis_auth    = var.redis_password
  metrics_token = var.metrics_token
}
