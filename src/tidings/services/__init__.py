"""Service functions: what a user can do, called alike by the CLI, the web reader and the APIs."""
