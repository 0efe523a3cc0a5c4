-- Sightline demo database, step 7: statistics for the planner, and frozen,
-- all-visible pages so the first queries do not pay for setting hint bits.
VACUUM (FREEZE, ANALYZE) customers, products, orders, order_items;
