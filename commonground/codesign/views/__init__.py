"""Co-design pages: local issues, discussion and support, interest, challenge teams, outcomes, the showcase.

One module per sub-domain; ``urls.py`` names each view by its module. Every change is an ordinary
form POST that works without scripts; HTMX swaps the support button in place. Members of the
programme who take part (participants and staff) see issues; funders see the showcase only;
outsiders get 404 everywhere.
"""
