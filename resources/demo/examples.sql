-- Sightline demo: example slow queries.
-- Each query stands alone under its comment: put the cursor in it and press
-- Ctrl+Enter to run just that one,
-- or run EXPLAIN ANALYZE on it and read the plan. The data: 100k customers,
-- 20k products, 1M orders, 2.5M order items; customer 42 placed a third of the
-- orders, and order_items has no index on order_id.

-- 1. The missing index.
-- Look at: the Seq Scan on order_items that reads all 2.5M rows
-- ("Rows Removed by Filter") to return the three items of one order.
-- Then try: CREATE INDEX ON order_items (order_id); and compare the plans.
SELECT o.id, o.status, i.product_id, i.quantity, i.unit_price
FROM orders AS o
JOIN order_items AS i ON i.order_id = o.id
WHERE o.id = 123456;

-- 2. One ordinary customer's order history.
-- Look at: an index finds the customer's few orders at once, but the Hash Join
-- still scans every order item to find their lines. The Nested Loop into
-- products is fine: few outer rows, an index on the inner side.
SELECT o.id, o.ordered_at, p.name, i.quantity
FROM orders AS o
JOIN order_items AS i ON i.order_id = o.id
JOIN products AS p ON p.id = i.product_id
WHERE o.customer_id = 4711
ORDER BY o.ordered_at;

-- 3. The skewed customer.
-- Look at: the planner expects the one wholesale customer to have about as many
-- orders as anyone else (a few dozen) and picks a Nested Loop; it gets a third
-- of all orders. Compare estimated and actual rows on every node, and the Sort
-- that spills to disk because it was planned for a handful of rows.
SELECT c.name, count(*) AS items, sum(i.quantity * i.unit_price) AS revenue
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
JOIN order_items AS i ON i.order_id = o.id
WHERE c.segment = 'wholesale'
GROUP BY c.name;

-- 4. A misestimate from correlated columns.
-- Look at: about a thousand rows estimated, none found. Only recent orders are
-- still pending, but the planner multiplies the selectivity of the status and
-- the date as if they were independent.
SELECT count(*)
FROM orders
WHERE status = 'pending'
  AND ordered_at < timestamptz '2023-01-01';

-- 5. A sort that spills.
-- Look at: "Sort Method: external merge  Disk: ...". A million rows do not fit
-- in the default work_mem (4MB). Try SET work_mem = '128MB'; and run it again.
SELECT count(*)
FROM (
    SELECT DISTINCT ON (customer_id) customer_id, id, ordered_at
    FROM orders
    ORDER BY customer_id, ordered_at DESC
) AS latest_order_per_customer;

-- 6. Revenue by country and month.
-- Look at: the Hash Join split into batches (the hash of a million orders does
-- not fit in work_mem), and the HashAggregate planned for a million groups
-- that finds a few hundred.
SELECT o.ship_country,
       date_trunc('month', o.ordered_at) AS month,
       sum(i.quantity * i.unit_price * (1 - i.discount)) AS revenue
FROM orders AS o
JOIN order_items AS i ON i.order_id = o.id
GROUP BY o.ship_country, month
ORDER BY o.ship_country, month;

-- 7. Best-selling products.
-- Look at: the whole of order_items is aggregated to keep ten rows; the
-- top-N heapsort at the end is cheap, the scan and the HashAggregate are not.
SELECT p.name, sum(i.quantity) AS units
FROM order_items AS i
JOIN products AS p ON p.id = i.product_id
GROUP BY p.id
ORDER BY units DESC
LIMIT 10;
