"""``publist init``: placeholder, written next."""
