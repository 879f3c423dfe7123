"""Storage: engine, tables, migrations and queries per aggregate. ORM rows never leave it."""
