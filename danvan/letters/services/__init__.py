"""Writes of the letters context; views, the API, commands and tasks all call these."""
