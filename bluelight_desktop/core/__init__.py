"""The domain: entities and rules of a collaboration programme. No Qt, no storage."""
