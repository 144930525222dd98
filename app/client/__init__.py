"""The client core: a toolkit-free Session, a threaded transport, and the terminal client."""
