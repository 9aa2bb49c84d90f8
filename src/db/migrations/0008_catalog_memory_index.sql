ALTER TABLE "products" ADD COLUMN "seller_scale" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "change_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "products_change_idx" ON "products" USING btree ("change_xid");--> statement-breakpoint
UPDATE "products" p SET "seller_scale" = s."scale" FROM "sellers" s WHERE s."id" = p."seller_id";--> statement-breakpoint
CREATE FUNCTION products_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Every write is stamped with its transaction, which the in-memory catalogue index reads from.
  NEW.change_xid := pg_current_xact_id();
  -- The seller's scale travels with the offer (the scale facet needs no join).
  IF TG_OP = 'INSERT' OR NEW.seller_id IS DISTINCT FROM OLD.seller_id THEN
    SELECT s.scale INTO NEW.seller_scale FROM sellers s WHERE s.id = NEW.seller_id;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER products_change BEFORE INSERT OR UPDATE ON "products" FOR EACH ROW EXECUTE FUNCTION products_change();
