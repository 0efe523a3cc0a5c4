-- Abandons the session's open transaction for the user (closing a tab, the failed-transaction badge).
ROLLBACK;
