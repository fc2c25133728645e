"""Benchmarks of the generator and the MkDocs builds at 1×, 10× and 100× the programme's content."""
