-- Login flood: POST /api/customer/login with CORRECT credentials, rotating
-- over COUNT registered accounts so that every request runs bcrypt (wrong
-- passwords would be throttled into cheap 429s after a few failures).
-- Usage: wrk ... -s bench/login.lua URL -- EMAIL_PREFIX COUNT PASSWORD
-- Accounts are EMAIL_PREFIX .. i .. "@example.com" for i = 1..COUNT.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local threads = 0
function setup(thread)
   -- each wrk thread starts at a different account
   thread:set("offset", threads)
   threads = threads + 1
end

local reqs = {}
local n = 0
local i = 0

function init(args)
   local prefix, count, password = args[1], tonumber(args[2]), args[3]
   assert(prefix and count and password, "usage: -- EMAIL_PREFIX COUNT PASSWORD")
   local headers = { ["Content-Type"] = "application/json" }
   for k = 1, count do
      local body = string.format('{"email":"%s%d@example.com","password":"%s"}',
                                 prefix, k, password)
      reqs[k] = wrk.format("POST", "/api/customer/login", headers, body)
   end
   n = count
   i = (offset or 0) % n
end

function request()
   i = i % n + 1
   return reqs[i]
end
