-- The session store now keeps a hash of each session id instead of the id
-- itself. Records written before this step are keyed by the raw id, which
-- anyone with read access to the database could replay: end every login
-- once, so that no raw id still leads to a signed-in session.
DELETE FROM customer_session;
