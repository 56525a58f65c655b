"""Date parameters answer every RFC 3339 date or date-time with offset (what the OpenAPI
document promises); anything else is a 400 problem naming the parameter, never a 500. A
moment that cannot be turned into UTC (the edges of the calendar with an offset) counts as
the first or last moment."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATE_ROUTES = [
    ("/api/v1/changes", "since"),
    ("/api/v1/concepts", "modified_since"),
]


@pytest.mark.parametrize("path, parameter", DATE_ROUTES)
@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00+00:01", "2024-05-01T12:00:00", "2024-02-30", "20240501", ""]
)
def test_a_moment_that_is_not_rfc_3339_is_a_bad_parameter(
    client: FlaskClient, path: str, parameter: str, moment: str
) -> None:
    response = client.get(path, query_string={parameter: moment})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["parameter"] == parameter
    assert parameter in problem["detail"]


@pytest.mark.parametrize("path, parameter", DATE_ROUTES)
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_moment_outside_the_utc_calendar_is_a_bad_parameter(
    client: FlaskClient, path: str, parameter: str, moment: str
) -> None:
    response = client.get(path, query_string={parameter: moment})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert response.get_json()["parameter"] == parameter
    assert "outside the years 1 to 9999" in response.get_json()["detail"]


@pytest.mark.parametrize("path, parameter", DATE_ROUTES)
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59+14:00"])
def test_the_edges_of_the_calendar_that_fit_in_utc_are_answered(
    client: FlaskClient, path: str, parameter: str, moment: str
) -> None:
    assert client.get(path, query_string={parameter: moment}).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moment=st.one_of(
        st.datetimes(max_value=datetime(1, 1, 2)),
        st.datetimes(min_value=datetime(9999, 12, 30)),
        st.datetimes(),
    ),
    offset_minutes=st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
)
def test_any_iso_moment_with_any_offset_is_answered_or_refused_never_failed(
    client: FlaskClient, moment: datetime, offset_minutes: int
) -> None:
    sign = "+" if offset_minutes >= 0 else "-"
    offset = timedelta(minutes=abs(offset_minutes))
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    text = f"{moment.isoformat()}{sign}{hours:02d}:{minutes:02d}"
    for path, parameter in DATE_ROUTES:
        response = client.get(path, query_string={parameter: text})
        assert response.status_code in (200, 400), text
        if response.status_code == 400:
            assert response.get_json()["parameter"] == parameter
