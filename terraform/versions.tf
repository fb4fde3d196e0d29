# Pinned: Terraform 1.x from 1.5 (terraform_data, replace_triggered_by, check-free import blocks) and the
# kubernetes provider 3.x (versioned *_v1 resources, kubernetes_manifest with wait conditions).
# After the first `terraform init`, commit .terraform.lock.hcl so every run uses the same provider build.
terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 3.0"
    }
  }
}
