-- The server's key words that a bare identifier may not always be (reserved,
-- type/function-name and column-name key words), so completion quotes names
-- exactly when this server needs it.
SELECT word, catcode
FROM pg_catalog.pg_get_keywords()
WHERE catcode <> 'U'
ORDER BY word;
