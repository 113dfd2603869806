// Fixture: a private model header.
