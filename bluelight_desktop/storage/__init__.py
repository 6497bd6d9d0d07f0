"""Register files: schema, opening, checking, upgrading, reading and writing. No Qt."""
