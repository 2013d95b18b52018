"""Real-book tier: builds the book in scratch copies."""
