-- wrk script: every request registers a new customer (unique email), so each
-- one costs a bcrypt hash. Used by hand, see docs/BENCHMARKS.md.
local counter = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))

request = function()
  counter = counter + 1
  local body = string.format(
    '{"email":"reg-%s-%d@example.com","password":"velvet trombone midnight 42","first_name":"Reg","last_name":"Ister"}',
    prefix, counter)
  return wrk.format("POST", "/api/customer/register",
    { ["Content-Type"] = "application/json" }, body)
end
