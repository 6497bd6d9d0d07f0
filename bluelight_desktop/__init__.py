"""Bluelight Desktop: run a blue light collaboration programme from a register file on your laptop."""

__version__ = "0.1.0"
APP_NAME = "Bluelight Desktop"
