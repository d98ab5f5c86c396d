"""l10nrelease: English press releases to reviewed Russian and Kazakh pages.

The library is usable without the command line: ``l10nrelease.project`` has one module
function per command, each stage module is a pure function from values to values.
"""

__version__ = "0.1.0"
