CREATE TABLE "region_populations" (
	"region_code" text PRIMARY KEY NOT NULL,
	"population" bigint NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_category_days" (
	"pemda_code" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"category_code" text NOT NULL,
	"day" date NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	CONSTRAINT "report_category_days_pemda_code_category_code_partner_id_day_pk" PRIMARY KEY("pemda_code","category_code","partner_id","day")
);
--> statement-breakpoint
CREATE TABLE "report_contributions" (
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"day" date NOT NULL,
	"pemda_code" text NOT NULL,
	"satker_code" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	"umk_value_idr" bigint NOT NULL,
	"pdn_value_idr" bigint NOT NULL,
	"tkdn_value_idr" bigint NOT NULL,
	"local_value_idr" bigint NOT NULL,
	"category_values" jsonb NOT NULL,
	"received_day" date,
	"paid_day" date,
	"payment_days" integer,
	CONSTRAINT "report_contributions_source_source_id_pk" PRIMARY KEY("source","source_id")
);
--> statement-breakpoint
CREATE TABLE "report_partner_days" (
	"pemda_code" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"day" date NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	"umk_value_idr" bigint NOT NULL,
	"pdn_value_idr" bigint NOT NULL,
	"tkdn_value_idr" bigint NOT NULL,
	"local_value_idr" bigint NOT NULL,
	CONSTRAINT "report_partner_days_pemda_code_partner_id_day_pk" PRIMARY KEY("pemda_code","partner_id","day")
);
--> statement-breakpoint
CREATE TABLE "report_region_days" (
	"pemda_code" text NOT NULL,
	"day" date NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	"umk_value_idr" bigint NOT NULL,
	"pdn_value_idr" bigint NOT NULL,
	"tkdn_value_idr" bigint NOT NULL,
	"local_value_idr" bigint NOT NULL,
	CONSTRAINT "report_region_days_day_pemda_code_pk" PRIMARY KEY("day","pemda_code")
);
--> statement-breakpoint
CREATE TABLE "report_region_months" (
	"pemda_code" text NOT NULL,
	"month" date NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	"umk_value_idr" bigint NOT NULL,
	"pdn_value_idr" bigint NOT NULL,
	"tkdn_value_idr" bigint NOT NULL,
	"local_value_idr" bigint NOT NULL,
	CONSTRAINT "report_region_months_month_pemda_code_pk" PRIMARY KEY("month","pemda_code")
);
--> statement-breakpoint
CREATE TABLE "report_satker_days" (
	"pemda_code" text NOT NULL,
	"satker_code" text NOT NULL,
	"day" date NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	"umk_value_idr" bigint NOT NULL,
	"pdn_value_idr" bigint NOT NULL,
	"tkdn_value_idr" bigint NOT NULL,
	"local_value_idr" bigint NOT NULL,
	CONSTRAINT "report_satker_days_pemda_code_satker_code_day_pk" PRIMARY KEY("pemda_code","satker_code","day")
);
--> statement-breakpoint
CREATE TABLE "report_seller_activity" (
	"pemda_code" text NOT NULL,
	"seller_id" uuid NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"days" bit varying NOT NULL,
	CONSTRAINT "report_seller_activity_pemda_code_seller_id_pk" PRIMARY KEY("pemda_code","seller_id")
);
--> statement-breakpoint
CREATE TABLE "report_seller_days" (
	"pemda_code" text NOT NULL,
	"seller_id" uuid NOT NULL,
	"day" date NOT NULL,
	"transaction_count" integer NOT NULL,
	"value_idr" bigint NOT NULL,
	"umk_value_idr" bigint NOT NULL,
	"pdn_value_idr" bigint NOT NULL,
	"tkdn_value_idr" bigint NOT NULL,
	"local_value_idr" bigint NOT NULL,
	CONSTRAINT "report_seller_days_pemda_code_seller_id_day_pk" PRIMARY KEY("pemda_code","seller_id","day")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "domestic_class" text;--> statement-breakpoint
CREATE INDEX "report_category_days_day_idx" ON "report_category_days" USING btree ("category_code","day");--> statement-breakpoint
CREATE INDEX "report_contributions_paid_idx" ON "report_contributions" USING btree ("pemda_code","paid_day");--> statement-breakpoint
CREATE INDEX "report_contributions_satker_idx" ON "report_contributions" USING btree ("pemda_code","satker_code","day");--> statement-breakpoint
CREATE INDEX "report_partner_days_day_idx" ON "report_partner_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "report_seller_days_day_idx" ON "report_seller_days" USING btree ("day","pemda_code","seller_id");