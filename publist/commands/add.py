"""``publist add``: placeholder, written next."""
