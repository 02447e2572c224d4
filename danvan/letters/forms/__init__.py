"""Forms of the letters pages: ``public`` for citizens."""
