-- GET /api/customer/me with the session cookie given as -H "Cookie: ...".
-- Nothing to do per request; this script only adds the summary line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
