"""PySide6 user interface. Widgets stay thin: rules live in core, files in storage."""
