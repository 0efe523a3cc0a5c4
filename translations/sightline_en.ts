<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>main</name>
    <message>
        <source>A PostgreSQL workbench for slow queries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a private demo database and open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnInfo</name>
    <message>
        <source>The connection string could not be parsed (out of memory).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection string could not be parsed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2: malformed service name “%3”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2: service “%3” is defined twice; libpq uses the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2: expected keyword=value, found “%3”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2: nested service specifications are not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2: “%3” is not a libpq connection keyword</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionImportDialog</name>
    <message>
        <source>Import Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/db?sslmode=require   or   host=… dbname=… user=…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No services in pg_service.conf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection &amp;string:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or a ser&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a connection string as psql accepts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recognised: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password will go to the keychain when you save, never into the profile.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionManagerDialog</name>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dup&amp;licate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connections yet. Add one, or import a connection string or a service from pg_service.conf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as &amp;URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as &amp;Keyword String</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the connection string (never the password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved; the password is in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not duplicate “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created “%1”. Its password, if any, is asked for on first connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the connection “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its password is removed from the keychain too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard (without password): %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionProfile</name>
    <message>
        <source>Give the connection a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a host name: host names cannot contain spaces. Separate hosts with commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a port number (1–65535).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Give one port for all hosts, or one port per host (%n host(s)).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is not an SSL mode; use one of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connect timeout must be between 0 (wait forever) and 3600 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a colour; use #rrggbb.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords are never stored with a profile (“%1”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has a field of its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a libpq connection keyword.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Development</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>.pgpass, PGPASSWORD or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“format” must be a number, found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was written by a newer Sightline (format %1; this version reads up to %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“id” must be a UUID string, found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“name” must be a non-empty string, found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a string, found %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“connectTimeout” must be a whole number of seconds, found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“tag” must be one of none, development, staging, production; found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“passwordMode” must be one of keychain, ask, pgpass; found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be true or false, found %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“extraParams” must be an object, found %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“extraParams.%1” must be a string, found %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionStatus</name>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no SSL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection is encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection is not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transaction failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PRODUCTION · %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionTestPanel</name>
    <message>
        <source>Cancel Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop waiting for the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No answer from the server within %n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Test cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test cancelled: no password was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing connection to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: PostgreSQL %1, as %2 on database %3, %4, in %5 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions are read-only (default_transaction_read_only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection failed for an unknown reason.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionTreeModel</name>
    <message>
        <source>Double-click to open a query tab on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ConnectionsDock</name>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Query Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh Databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Manage Connections…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::DemoEnvironment</name>
    <message>
        <source>Preparing the demo database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating customers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating products…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating orders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating order items…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking foreign keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gathering statistics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo database server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo cluster was made by PostgreSQL %1; making it again for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo database server did not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo database server running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the demo database was lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to the demo database server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the demo database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare the demo load: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the demo data failed (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not look for the demo database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the demo data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not check the demo data: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the demo data (a few million rows)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo script %1 is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo database ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::LocalCluster</name>
    <message>
        <source>SIGHTLINE_PG_BINDIR is %1, but initdb and pg_ctl are not there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server programs (initdb, pg_ctl) were not found. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install the PostgreSQL server: sudo apt-get install postgresql</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the version of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server programs (initdb, pg_ctl) are not in %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runuser was not found; it is needed to run PostgreSQL as the postgres user when Sightline runs as root.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not finish within %2 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no user named postgres to run the server as. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server runs as the user postgres, which cannot enter %1. Use a directory elsewhere or allow it: chmod o+x %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not hand %1 to the postgres user: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not hand %1 to the postgres user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create a socket directory under /tmp: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>socket path too long, using %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the socket directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not hand the socket directory %1 to the postgres user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cluster already exists in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pg_stat_statements is missing from %1. Install it: sudo apt-get install postgresql-contrib</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initdb %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initdb failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removing stale %1 (pid %2 is not running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no cluster in %1 to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server already running (socket %1, port %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting server (socket %1, port %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server did not start: %1

End of %2:
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL server did not stop: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains %2, which is not part of a Sightline cluster; not deleting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>psql failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no server log)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::MainWindow</name>
    <message>
        <source>Sightline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Query Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Sightline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Sightline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sightline %1&lt;/h3&gt;&lt;p&gt;A PostgreSQL workbench for slow queries.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Sightline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sightline demo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::PasswordPrompt</name>
    <message>
        <source>&amp;Save in keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty if the server needs none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::PasswordStore</name>
    <message>
        <source>No keychain service is running; Sightline will ask for the password each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection has no id yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the keychain was denied (%1); Sightline will ask for the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be removed from the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Keychain: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::PgCapabilities</name>
    <message>
        <source>PostgreSQL %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::PgError</name>
    <message>
        <source>SQLSTATE: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal query: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal position: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::PgSession</name>
    <message>
        <source>The cancel request could not be sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no earlier connection to reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capability query is missing from the resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The capability query returned no row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected, but the capability check failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COPY FROM STDIN is not supported here; use psql&apos;s \copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ProfileEditor</name>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How this connection appears in lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host(s):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>db.example.com, or db1,db2 for fail-over; empty: PGHOST or the local socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5432, or one per host: 5432,5433</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data&amp;base:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: same as the user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: PGUSER or your login name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password &amp;mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;olour:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta&amp;g:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-onl&amp;y sessions (default_transaction_read_only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production server. Sessions are read-only unless you untick the box above, and statements are not kept in the history. Every window using this connection shows its colour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (prefer, or PGSSLMODE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL &amp;mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates and keys (*.crt *.pem *.key *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certi&amp;ficate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;oot certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;vocation list:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation lists (*.crl *.pem);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Options:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. -c search_path=app,public</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect timeo&amp;ut:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep statement history for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other &amp;libpq parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keyword=value …, e.g. application_name=report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: libpq&apos;s default in ~/.postgresql</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No services found in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Services from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords do not belong here: use the password field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has a field of its own in this form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to keep the stored password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the system keychain, never in a file. Without a keychain service, Sightline asks each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only used for Test; never saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sightline asks for the password on every connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is passed: libpq reads ~/.pgpass (or PGPASSFILE) and PGPASSWORD, or connects without one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The colour every window of this connection shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection Colour</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ProfileEditorDialog</name>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Connection “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try these settings (also before saving)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ProfileStore</name>
    <message>
        <source>The connection file “%1” could not be loaded: %2 It could not be moved aside either (%3). The other connections were loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection file “%1” could not be loaded: %2 It was moved aside to “%3”. The other connections were loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it cannot be read (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not valid JSON (%1 at byte %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not contain a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection file “%1” was written by a newer version of Sightline and was skipped (left unchanged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has the same id as “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A connection with this id exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection “%1” is not saved yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection file “%1” could not be removed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (copy %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder “%1” could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection file “%1” could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::QueryTab</name>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the selection, or everything (F5, Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the connection again; nothing is re-run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type SQL here and press F5 to run it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The open transaction was lost: its changes were not committed. Reconnect and run them again if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done in %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed after %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has an open transaction. Its changes are lost unless you commit them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ommit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %L1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %L2 rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::ResultSetModel</name>
    <message>
        <source>SQL NULL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::WelcomePage</name>
    <message>
        <source>&amp;Create a Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open a Saved Connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h1&gt;Sightline&lt;/h1&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a connection from the Connections dock, or create a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connections yet. Create one to get started: Sightline reads your pg_service.conf, .pgpass and PG* variables too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sightline::pg</name>
    <message>
        <source>Wrong password for user &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asks for a password for user &quot;%1&quot;, and none was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database &quot;%1&quot; does not exist on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role &quot;%1&quot; does not exist on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not accept user &quot;%1&quot; for database &quot;%2&quot; from this client (pg_hba.conf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has no free connection slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is starting up, shutting down or recovering and does not accept connections right now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the login: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure (SSL) connection failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown host &quot;%1&quot;: the name could not be resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is listening on %1 port %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is listening on socket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the server in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the connection: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 within one second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 within %n seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not complete the connection handshake before the connect timeout; it may be overloaded, or a firewall may be dropping packets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transaction was open: its changes are gone. Nothing was run again; reconnect and repeat the transaction if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was run again; reconnect to continue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
