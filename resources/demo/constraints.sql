-- Sightline demo database, step 6: foreign keys, checked once over the loaded
-- rows (cheaper than row by row during the load), and identity sequences moved
-- past the generated ids so new rows can be inserted.

ALTER TABLE orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE order_items
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id);

SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers));
SELECT setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products));
SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders));
SELECT setval(pg_get_serial_sequence('order_items', 'id'), (SELECT max(id) FROM order_items));

COMMENT ON TABLE order_items IS
    'Sightline demo: deliberately no index on order_id, so joins from orders scan this table.';
COMMENT ON TABLE orders IS
    'Sightline demo: customer 42 placed a third of all orders.';
