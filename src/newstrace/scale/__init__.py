"""Scale-out: the same stages run by an existing distributed engine (Ray Data)."""
