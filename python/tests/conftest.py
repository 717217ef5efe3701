"""pytest configuration: the tests must run against the installed otpkit wheel."""

import otpkit


def pytest_report_header(config):
    return f"otpkit {otpkit.__version__} from {otpkit.__file__}"
