"""Recruitment pages, one module for each kind of visitor or task (`urls.py` names each view's module).

- `apply`: the public application form, the pages after it and an account owner's confirmation.
- `sponsors`: a sponsor's support by emailed link, nominating, and the nominee's confirmation.
- `applicant`: answering an offer by its emailed link, my applications, withdrawing.
- `review`: the lead's lists, the review queue and bulk decisions.
- `application`: one application's page for leads, with its decisions.
- `settings`: each cohort's capacity and quotas, and the eligibility rules.
- `import_export`: the lists as CSV or XLSX, and the import of applicants.
"""
