"""Units of work with typed inputs and outputs, runnable in-process or by a task engine."""
