from django.apps import AppConfig


class GroupingConfig(AppConfig):
    name = "commonground.grouping"
    label = "grouping"
    verbose_name = "Learning sets and cohort placement"

    def ready(self) -> None:
        from commonground.grouping.cohort_changes import leave_old_sets
        from commonground.programmes.cohorts import on_cohort_change

        # Someone who leaves a cohort, however they leave, leaves its learning sets in the same transaction.
        on_cohort_change("grouping.learning-sets", leave_old_sets)
