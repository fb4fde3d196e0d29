# BROKEN ON PURPOSE: no Terraform version constraint, a provider without an upper bound, and a provider used
# by a resource but not declared.
terraform {
  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.0"
    }
  }
}

resource "random_password" "token" {
  length = 32
}
