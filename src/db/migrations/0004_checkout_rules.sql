CREATE TABLE "public_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pemda_code" text,
	"effective_from" date NOT NULL,
	"direct_purchase_limit_idr" bigint NOT NULL,
	"approval_threshold_idr" bigint,
	"split_window_days" integer NOT NULL,
	"unanswered_cancel_working_days" integer NOT NULL,
	"above_limit_advice" text NOT NULL,
	"note" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "flags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "split_reason" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "rule_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_rules_pemda_from_idx" ON "purchase_rules" USING btree (coalesce("pemda_code", ''),"effective_from");--> statement-breakpoint
CREATE INDEX "purchase_rules_lookup_idx" ON "purchase_rules" USING btree ("pemda_code","effective_from");--> statement-breakpoint
CREATE INDEX "orders_satker_seller_idx" ON "orders" USING btree ("satker_code","seller_id","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_status_changed_idx" ON "orders" USING btree ("status","status_changed_at");