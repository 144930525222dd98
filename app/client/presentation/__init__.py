"""The presentation layer: what every front end shows, decided once and without a toolkit.

- :mod:`.text`: untrusted text made safe (escapes, controls) and IRC formatting as spans;
- :mod:`.direction`: paragraph direction and isolation of names, rooms, commands, numbers;
- :mod:`.records`: display records (a catalogue code + parameters, or a message's spans);
- :mod:`.presenter`: Session events routed to conversations, unread counts, mentions;
- :mod:`.input`: input history and nickname completion;
- :mod:`.supervisor`: when to reconnect, with an injected timer.

Qt (:mod:`app.qt`), Tk (:mod:`app.tk`) and the terminal client only draw records and
forward what the person types.
"""
