VALUE = "c1"
