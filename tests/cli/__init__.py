"""The command line as office staff use it: each test runs the real CLI in a subprocess."""
