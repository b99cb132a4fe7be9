"""mnktimeline: a command-line timeline of the relations between Mongolia and North Korea."""

__version__ = "0.2.1"
