"""Views of the letters context: ``public`` for citizens, ``staff`` for the back office."""
