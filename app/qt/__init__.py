"""The PySide6 front end: start dialog, hosting, the connection and the main window.

Every Qt name comes from :mod:`app.qt.qt`; nothing in this package imports PySide6 directly.
"""
