"""The programme dashboard's charts (pyqtgraph).

Importing this package costs nothing: pyqtgraph and numpy are imported by `dashboard`, `widgets` and `theme`,
which load the first time the Dashboard tab is shown (`tab.DashboardController` builds the page lazily).
"""
