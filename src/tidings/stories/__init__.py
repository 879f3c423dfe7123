"""Stories: near-duplicates, clustering, storylines, perspectives."""
