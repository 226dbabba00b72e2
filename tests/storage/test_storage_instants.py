"""The integer-microsecond encoding of instants is exact and order-preserving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.storage.instants import from_epoch_us, to_epoch_us

offsets = st.integers(min_value=-1080, max_value=1080).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
instants = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30), timezones=offsets
)


@given(instants)
def test_round_trip_is_exact_to_the_microsecond(moment: datetime) -> None:
    back = from_epoch_us(to_epoch_us(moment))
    assert back == moment
    assert back.tzinfo == UTC
    assert back.microsecond == moment.astimezone(UTC).microsecond


@given(instants, instants)
def test_integer_order_is_instant_order(a: datetime, b: datetime) -> None:
    assert (to_epoch_us(a) < to_epoch_us(b)) == (a < b)
    assert (to_epoch_us(a) == to_epoch_us(b)) == (a == b)


def test_known_values() -> None:
    assert to_epoch_us(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert to_epoch_us(datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)) == -1
    ist = timezone(timedelta(hours=5, minutes=30))
    assert to_epoch_us(datetime(2026, 3, 2, 13, 30, tzinfo=ist)) == 1772438400000000


def test_naive_datetime_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationError) as caught:
        to_epoch_us(datetime(2026, 3, 2, 8, 0), "start")
    assert caught.value.field == "start"
