# BROKEN ON PURPOSE: var.db_hots is a typo of var.db_host and is declared nowhere.
locals {
  primary = var.db_hots
}
