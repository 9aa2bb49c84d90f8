CREATE TABLE "catalog_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "products_name_trgm_idx";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "name_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('indonesian'::regconfig, coalesce(name, ''))) STORED;--> statement-breakpoint
CREATE INDEX "catalog_words_trgm_idx" ON "catalog_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_name_search_idx" ON "products" USING gin ("name_vector");--> statement-breakpoint
INSERT INTO "catalog_words" ("word")
SELECT DISTINCT w FROM "products" p, regexp_split_to_table(lower(normalize(p."name", NFKD)), '[^a-z0-9]+') AS w
WHERE length(w) BETWEEN 3 AND 40 AND w ~ '[a-z]'
ON CONFLICT DO NOTHING;
