"""Messages to people: e-mail, SMS through a pluggable backend, and one-time codes. Takes addresses,
not users."""
