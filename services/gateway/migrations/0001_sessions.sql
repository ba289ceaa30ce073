-- Browser sessions (connect-pg-simple's table): any gateway replica serves any request. A row
-- holds the signed-in person's tokens; the browser holds only the session id, in a cookie.
-- Expired rows are pruned by the gateway.
CREATE TABLE session (
  sid     varchar      NOT NULL PRIMARY KEY,
  sess    json         NOT NULL,
  expire  timestamp(6) NOT NULL
);
CREATE INDEX session_expire ON session (expire);
