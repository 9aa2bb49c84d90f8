CREATE TABLE "report_seller_bitmaps" (
	"level" char(1) NOT NULL,
	"period" date NOT NULL,
	"pemda_code" text NOT NULL,
	"chunk" integer NOT NULL,
	"bits" bit(4096) NOT NULL,
	CONSTRAINT "report_seller_bitmaps_level_period_pemda_code_chunk_pk" PRIMARY KEY("level","period","pemda_code","chunk")
);
--> statement-breakpoint
ALTER TABLE "report_seller_activity" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "report_seller_activity" CASCADE;--> statement-breakpoint
ALTER TABLE "sellers" ADD COLUMN "ordinal" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "sellers_ordinal_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "sellers" ADD CONSTRAINT "sellers_ordinal_unique" UNIQUE("ordinal");--> statement-breakpoint
-- Existing sellers got their ordinals above; fill the bitmaps from the per-day seller rows as reports:rebuild does
-- (seller-bitmaps.ts fillSellerBitmaps): days from their rows, months as the OR of their days, years of their months.
INSERT INTO "report_seller_bitmaps" ("level", "period", "pemda_code", "chunk", "bits")
SELECT 'd', d.day, d.pemda_code, s.ordinal / 4096, bit_or(set_bit(repeat('0', 4096)::bit(4096), s.ordinal % 4096, 1))
FROM "report_seller_days" d JOIN "sellers" s ON s.id = d.seller_id
WHERE d.transaction_count > 0
GROUP BY 2, 3, 4;--> statement-breakpoint
INSERT INTO "report_seller_bitmaps" ("level", "period", "pemda_code", "chunk", "bits")
SELECT 'm', date_trunc('month', period)::date, pemda_code, chunk, bit_or(bits) FROM "report_seller_bitmaps" WHERE level = 'd'
GROUP BY 2, 3, 4;--> statement-breakpoint
INSERT INTO "report_seller_bitmaps" ("level", "period", "pemda_code", "chunk", "bits")
SELECT 'y', date_trunc('year', period)::date, pemda_code, chunk, bit_or(bits) FROM "report_seller_bitmaps" WHERE level = 'm'
GROUP BY 2, 3, 4;
