# BROKEN ON PURPOSE: a variable nothing reads; setting it would silently change nothing.
variable "db_schema" {
  type    = string
  default = "public"
}
