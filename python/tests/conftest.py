"""pytest configuration: the tests must run against the installed otpkit wheel."""

import otpkit


def pytest_report_header(config):
    return f"otpkit {otpkit.__version__} from {otpkit.__file__}"


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def fakes_server():
    """The loopback provider fakes' base URL: OTPKIT_FAKES_URL, or a server started for this
    session and stopped when it ends (delivery_support.py)."""
    import delivery_support

    yield delivery_support.fakes_url()
    delivery_support.stop_fakes()
