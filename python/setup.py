"""setuptools glue for the `otpkit` wheel; the metadata lives in pyproject.toml.

The package contains no compiled CPython extension, only a ctypes-loaded cdylib, so setuptools
would call it pure and tag the wheel py3-none-any. The wheel is platform specific all the same,
so:

* ``BinaryDistribution.has_ext_modules()`` returns True (the wheel is not "root is pure", files
  go to platlib, and bdist_wheel computes a platform tag);
* ``bdist_wheel.get_tag()`` keeps that platform tag but reports ``py3``/``none`` for the Python
  and ABI tags, because any Python 3 on that platform can load the library.
"""

from setuptools import setup
from setuptools.dist import Distribution

try:  # setuptools >= 70.1 ships bdist_wheel itself
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # older setuptools with the `wheel` package
    from wheel.bdist_wheel import bdist_wheel


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        _python, _abi, plat = super().get_tag()
        return "py3", "none", plat


setup(distclass=BinaryDistribution, cmdclass={"bdist_wheel": PlatformWheel})
