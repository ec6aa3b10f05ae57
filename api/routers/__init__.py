"""One router module per resource; each is thin and calls the samverkan library."""
