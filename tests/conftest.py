"""Shared fixtures and golden-case discovery: every golden/<case>/ folder is one test id."""

from __future__ import annotations

import pytest

from tests.golden import Case, discover


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "golden_case" in metafunc.fixturenames:
        cases = discover()
        metafunc.parametrize("golden_case", cases, ids=[c.name for c in cases])


@pytest.fixture
def golden_cases() -> list[Case]:
    return discover()
