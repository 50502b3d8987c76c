"""Catalogue of bad inputs (issue 9): one case = id, invocation, expected message, exit code."""
