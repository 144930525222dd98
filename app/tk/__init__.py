"""The tkinter front end: the same chat as the Qt app, for machines without PySide6.

Everything here runs on the Tk thread; the socket lives on a worker thread
(:mod:`app.tk.transport`) and the embedded server on its own threads. Nothing in this
package imports PySide6.
"""
