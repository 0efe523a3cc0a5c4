-- Ends the session's open transaction for the user (closing a tab, the transaction badge).
COMMIT;
