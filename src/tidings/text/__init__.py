"""Language helpers shared by search and stories (stemming)."""
