VALUE = "a1"
