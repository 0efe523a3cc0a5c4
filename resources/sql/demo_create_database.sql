-- Demo start-up: the CREATE DATABASE statement for the demo database, quoted by
-- the server (%I). $1: its name. The caller runs the text this returns, since
-- CREATE DATABASE cannot run inside a function or a DO block.
SELECT format('CREATE DATABASE %I', $1::text);
