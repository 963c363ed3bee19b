"""`__in` on integer columns matches nothing for numbers the column cannot hold.

Django already answers "no rows" for `pk=2**63` (exact and comparison lookups drop what the
column cannot hold), but `pk__in=[2**63]` makes SQLite raise OverflowError, and a form's
ModelMultipleChoiceField filters with `pk__in` on whatever was posted. PostgreSQL compares the
number as it is and finds nothing; this makes SQLite answer the same.
"""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
