-- drizzle-kit does not emit CREATE EXTENSION; the catalogue search needs trigram matching.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
