CREATE TABLE "categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"tax_kind" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"seller_id" uuid NOT NULL,
	"seller_external_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category_code" text NOT NULL,
	"unit" text NOT NULL,
	"price_idr" bigint NOT NULL,
	"stock" integer,
	"min_order_qty" integer DEFAULT 1 NOT NULL,
	"is_domestic" boolean NOT NULL,
	"tkdn_percent" numeric(5, 2),
	"bmp_percent" numeric(5, 2),
	"tkdn_certificate_no" text,
	"tkdn_valid_until" date,
	"is_active" boolean NOT NULL,
	"url" text,
	"image_url" text,
	"source_updated_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"product_external_id" text NOT NULL,
	"name" text NOT NULL,
	"category_code" text NOT NULL,
	"tax_kind" text NOT NULL,
	"qty" integer NOT NULL,
	"qty_accepted" integer,
	"unit" text NOT NULL,
	"unit_price_idr" bigint NOT NULL,
	"line_total_idr" bigint NOT NULL,
	"tkdn_percent" numeric(5, 2),
	CONSTRAINT "order_lines_order_id_line_no_pk" PRIMARY KEY("order_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "order_number_counters" (
	"pemda_code" text NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "order_number_counters_pemda_code_year_pk" PRIMARY KEY("pemda_code","year")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"satker_code" text NOT NULL,
	"pemda_code" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"seller_external_id" text NOT NULL,
	"ordered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivery_address" text NOT NULL,
	"notes" text,
	"gross_idr" bigint NOT NULL,
	"dpp_idr" bigint NOT NULL,
	"ppn_idr" bigint NOT NULL,
	"pbjt_idr" bigint NOT NULL,
	"pph22_idr" bigint NOT NULL,
	"total_idr" bigint NOT NULL,
	"fulfilment" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_user_id" uuid,
	CONSTRAINT "orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "partner_order_events" (
	"partner_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"order_id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_order_events_partner_id_event_id_pk" PRIMARY KEY("partner_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "partner_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"external_order_id" text NOT NULL,
	"satker_code" text NOT NULL,
	"pemda_code" text NOT NULL,
	"seller_id" uuid NOT NULL,
	"seller_external_id" text NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total_idr" bigint NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"partner_id" uuid NOT NULL,
	"ordering_key" text NOT NULL,
	"order_id" uuid,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"body" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"deadline_at" timestamp with time zone NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "idempotency_records" (
	"partner_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_records_partner_id_key_pk" PRIMARY KEY("partner_id","key")
);
--> statement-breakpoint
CREATE TABLE "partner_secrets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"joined_at" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "sync_rejections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"external_id" text,
	"errors" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seller_listings" (
	"partner_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"seller_id" uuid NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"source_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seller_listings_partner_id_external_id_pk" PRIMARY KEY("partner_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "sellers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"nib" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"legal_form" text,
	"npwp" text,
	"scale" text NOT NULL,
	"is_pkp" boolean NOT NULL,
	"has_pp55_certificate" boolean DEFAULT false NOT NULL,
	"region_code" text NOT NULL,
	"kabkota_code" text NOT NULL,
	"address" text,
	"source_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sellers_nib_unique" UNIQUE("nib")
);
--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_order_events" ADD CONSTRAINT "partner_order_events_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_order_events" ADD CONSTRAINT "partner_order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_transactions" ADD CONSTRAINT "partner_transactions_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_transactions" ADD CONSTRAINT "partner_transactions_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_secrets" ADD CONSTRAINT "partner_secrets_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_rejections" ADD CONSTRAINT "sync_rejections_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_listings" ADD CONSTRAINT "seller_listings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_listings" ADD CONSTRAINT "seller_listings_seller_id_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_partner_external_idx" ON "products" USING btree ("partner_id","external_id");--> statement-breakpoint
CREATE INDEX "products_seller_idx" ON "products" USING btree ("seller_id");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category_code");--> statement-breakpoint
CREATE INDEX "orders_satker_idx" ON "orders" USING btree ("satker_code","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_pemda_idx" ON "orders" USING btree ("pemda_code","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_partner_status_idx" ON "orders" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "partner_order_events_order_idx" ON "partner_order_events" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_transactions_external_idx" ON "partner_transactions" USING btree ("partner_id","external_order_id");--> statement-breakpoint
CREATE INDEX "partner_transactions_pemda_idx" ON "partner_transactions" USING btree ("pemda_code","ordered_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_ordering_idx" ON "outbox_messages" USING btree ("ordering_key","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_partner_idx" ON "outbox_messages" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "idempotency_created_idx" ON "idempotency_records" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "partner_secrets_partner_idx" ON "partner_secrets" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "sync_rejections_partner_idx" ON "sync_rejections" USING btree ("partner_id","received_at");--> statement-breakpoint
CREATE INDEX "seller_listings_seller_idx" ON "seller_listings" USING btree ("seller_id");--> statement-breakpoint
CREATE INDEX "sellers_kabkota_idx" ON "sellers" USING btree ("kabkota_code");