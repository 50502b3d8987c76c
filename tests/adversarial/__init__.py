"""Adversarial corpus (issue 13): generated hostile inputs by class."""
