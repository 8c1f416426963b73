"""Open-data exports of the directory: data·inclusion v1 JSON, Open Referral HSDS 3.0 datapackage, flat CSV.

Public by default: professional-only contacts never leave, and a confidential address leaves as its commune
only (no street, no point). `include_private` is for a partner whose API token allows it.
"""
