ALTER TABLE "sellers" ADD COLUMN "change_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "sellers_change_idx" ON "sellers" USING btree ("change_xid");--> statement-breakpoint
CREATE FUNCTION sellers_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Every write is stamped with its transaction, which the in-memory catalogue index reads from
  -- (the seller's name, kind, scale and region on result pages).
  NEW.change_xid := pg_current_xact_id();
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER sellers_change BEFORE INSERT OR UPDATE ON "sellers" FOR EACH ROW EXECUTE FUNCTION sellers_change();
