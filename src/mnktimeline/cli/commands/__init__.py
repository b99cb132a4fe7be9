"""One module per command; ``cli.app`` imports only the one being run."""
