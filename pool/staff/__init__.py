"""The staff's workflows beyond plain editing: review, ranking, status moves and the decision preview.

They are views of our own shown inside the admin's frame; `pool.admin` only routes to them.
"""
