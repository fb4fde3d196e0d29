# ---------------------------------------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------------------------------------
variable "kubeconfig_path" {
  description = "Path of the kubeconfig that reaches the cluster (which must already run Knative Serving and Eventing)."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "kubeconfig context to use; null means the file's current context."
  type        = string
  default     = null
}

variable "namespace" {
  description = "Namespace for every marketcache resource."
  type        = string
  default     = "marketcache"
}

variable "create_namespace" {
  description = "Create the namespace (false when it is managed elsewhere)."
  type        = bool
  default     = true
}

variable "knative_domain" {
  description = "Knative's external domain (config-domain), used to print the read function's public URL."
  type        = string
  default     = "example.com"
}

# ---------------------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------------------
variable "image_registry" {
  description = "Registry path the function images live under, e.g. registry.example.com/marketcache; images are <registry>/marketcache-<function>:<tag>."
  type        = string
}

variable "image_tag" {
  description = "Image tag to deploy (an immutable version, never latest)."
  type        = string

  validation {
    condition     = var.image_tag != "latest" && length(var.image_tag) > 0
    error_message = "image_tag must be an immutable version, not empty or \"latest\"."
  }
}

# ---------------------------------------------------------------------------------------------------------
# L2: Redis (standalone, Redis Cluster or Sentinel; provisioned elsewhere)
# ---------------------------------------------------------------------------------------------------------
variable "redis_url" {
  description = "MARKETCACHE_REDIS_URL: one URL (standalone), or comma-separated node URLs (cluster) or sentinel URLs (sentinel)."
  type        = string
  default     = "redis://redis:6379"
}

variable "redis_client_type" {
  description = "MARKETCACHE_REDIS_CLIENT_TYPE: standalone, cluster or sentinel."
  type        = string
  default     = "standalone"

  validation {
    condition     = contains(["standalone", "cluster", "sentinel"], var.redis_client_type)
    error_message = "redis_client_type must be standalone, cluster or sentinel."
  }
}

variable "redis_master_name" {
  description = "Sentinel only: the monitored master's name (becomes QUARKUS_REDIS_MASTER_NAME). Empty otherwise."
  type        = string
  default     = ""
}

# ---------------------------------------------------------------------------------------------------------
# L3: PostgreSQL / TimescaleDB (provisioned elsewhere)
# ---------------------------------------------------------------------------------------------------------
variable "db_host" {
  description = "MARKETCACHE_DB_HOST: the primary (writes and migrations)."
  type        = string
}

variable "db_port" {
  description = "MARKETCACHE_DB_PORT."
  type        = number
  default     = 5432
}

variable "db_name" {
  description = "MARKETCACHE_DB_NAME."
  type        = string
  default     = "marketcache"
}

variable "db_user" {
  description = "MARKETCACHE_DB_USER."
  type        = string
  default     = "marketcache"
}

variable "db_read_host" {
  description = "MARKETCACHE_DB_READ_HOST: a read replica (or a pooler over several) for L3 reads; empty reads from the primary."
  type        = string
  default     = ""
}

# ---------------------------------------------------------------------------------------------------------
# Secrets: sensitive, no defaults; pass them with TF_VAR_db_password etc. or a secrets manager, never in a file
# that is committed. They end up in the Secret and in Terraform state: keep state encrypted and access-controlled.
# ---------------------------------------------------------------------------------------------------------
variable "db_password" {
  description = "MARKETCACHE_DB_PASSWORD."
  type        = string
  sensitive   = true
}

variable "admin_token" {
  description = "MARKETCACHE_ADMIN_TOKEN: bearer token for /v1/admin/*, /v1/invalidate and on-demand /v1/warmup."
  type        = string
  sensitive   = true
}

variable "ingest_token" {
  description = "MARKETCACHE_INGEST_TOKEN: bearer token for /v1/ingest/*."
  type        = string
  sensitive   = true
}

# ---------------------------------------------------------------------------------------------------------
# Scaling bounds per function (the other autoscaling numbers, with their reasons, are in functions.tf)
# ---------------------------------------------------------------------------------------------------------
variable "scaling" {
  description = "Knative min-scale and max-scale per function."
  type = map(object({
    min_scale = number
    max_scale = number
  }))
  default = {
    read       = { min_scale = 1, max_scale = 10 }
    ingest     = { min_scale = 1, max_scale = 5 }
    invalidate = { min_scale = 0, max_scale = 3 }
    warmup     = { min_scale = 0, max_scale = 1 }
    admin      = { min_scale = 0, max_scale = 2 }
  }

  validation {
    condition     = alltrue([for f in ["read", "ingest", "invalidate", "warmup", "admin"] : contains(keys(var.scaling), f)])
    error_message = "scaling needs an entry for each function: read, ingest, invalidate, warmup, admin."
  }
  validation {
    condition     = alltrue([for f, s in var.scaling : s.min_scale >= 0 && s.min_scale <= s.max_scale])
    error_message = "Each function needs 0 <= min_scale <= max_scale."
  }
  validation {
    condition     = var.scaling["read"].min_scale >= 1
    error_message = "The read function must keep min_scale >= 1: every pod carries its own warm L1."
  }
  validation {
    condition     = var.scaling["warmup"].max_scale == 1
    error_message = "Warm-ups are serialised: warmup max_scale must be 1."
  }
}

variable "warmup_schedule" {
  description = "Cron schedule (UTC) of the scheduled warm-up PingSource."
  type        = string
  default     = "*/5 * * * *"
}
