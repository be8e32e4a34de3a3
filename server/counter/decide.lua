-- A batch of decisions (or report updates), each on the counters of one
-- scope, applied in order; the whole batch is atomic.
--
-- KEYS are the complete counter keys, decision after decision: first the
-- keys its limits read, then the keys it only writes. A batch only holds
-- keys of one Redis Cluster hash slot.
-- ARGV[1] is the batch packed little-endian (struct library):
--   i4 number of decisions, then per decision
--   i4 reads, i4 writes, i4 size in bytes of the write entries, then
--   per read entry (one per limit):
--     B check  1: the decision is denied when the value with the delta
--              applied is above max
--     B set    1: the delta replaces the value; 0: it is added
--     B write  1: the delta (an increment) is written if admitted
--     i8 max, i8 ttl (seconds; 0: the key never expires),
--     B length and the delta's decimal digits;
--   per write entry (counters no limit reads):
--     B set, i8 ttl, B length and the delta's decimal digits.
-- ARGV[2], when present and not empty, is the guard key: Portico sets it
-- once the counters are complete, so a Redis that lost its data (a restart
-- without persistence, a failover to an empty replica, a flush) has no
-- guard, and the script refuses to decide on counters that are gone.
-- Go computes every key, period window and expiry; the script only reads,
-- compares and writes.
--
-- Returns one flat array: per decision 1 (admitted) or 0, then the stored
-- value of every read entry as it was before the decision.
--
-- An increment of a read entry is applied while checking (INCRBY answers
-- the new value, saving a GET) and undone when the decision is denied: the
-- script is atomic, so nobody observes the intermediate value.
local unpack, call, pcall = struct.unpack, redis.call, redis.pcall
if ARGV[2] and ARGV[2] ~= '' and call('EXISTS', ARGV[2]) == 0 then
  return redis.error_reply('PORTICO_COUNTERS_LOST the counters are gone')
end
local blob = ARGV[1]
local out, o, k = {}, 0, 0
local done_key, done_ds, done_delta, done_new, done_ttl = {}, {}, {}, {}, {}
local nd, pos = unpack('<i4', blob, 1)
for _ = 1, nd do
  local nr, nw, wbytes
  nr, nw, wbytes, pos = unpack('<i4i4i4', blob, pos)
  o = o + 1
  local head = o
  local ok = true
  local ndone = 0
  -- Read and check.
  for j = 1, nr do
    local check, set, write, max, ttl, ds
    check, set, write, max, ttl, ds, pos = unpack('<BBBi8i8Bc0', blob, pos)
    local key = KEYS[k + j]
    local d = tonumber(ds)
    local stored, v
    if write == 1 and ok then
      local r = pcall('INCRBY', key, ds)
      if type(r) == 'number' then
        ndone = ndone + 1
        done_key[ndone], done_ds[ndone], done_delta[ndone], done_new[ndone], done_ttl[ndone] = key, ds, d, r, ttl
        stored, v = r - d, r
      else
        ok = false -- the counter would overflow: certainly above any limit
      end
    end
    if stored == nil then
      stored = tonumber(call('GET', key) or 0)
      if set == 1 then v = d else v = stored + d end
    end
    o = o + 1
    out[o] = stored
    if check == 1 and v > max then ok = false end
  end
  k = k + nr
  if ok then
    out[head] = 1
    -- A counter that an increment above created needs its expiry.
    for i = 1, ndone do
      if done_ttl[i] > 0 and done_new[i] == done_delta[i] then
        call('EXPIRE', done_key[i], done_ttl[i])
      end
    end
    for j = 1, nw do
      local set, ttl, ds
      set, ttl, ds, pos = unpack('<Bi8Bc0', blob, pos)
      local key = KEYS[k + j]
      if set == 1 then
        if ds == '0' then
          call('DEL', key)
        elseif ttl > 0 then
          call('SET', key, ds, 'EX', ttl)
        else
          call('SET', key, ds)
        end
      elseif call('INCRBY', key, ds) == tonumber(ds) and ttl > 0 then
        -- The counter was just created: only then does it need its expiry.
        call('EXPIRE', key, ttl)
      end
    end
  else
    out[head] = 0
    -- Undo the increments; a counter they created goes away.
    for i = ndone, 1, -1 do
      if done_new[i] == done_delta[i] then
        call('DEL', done_key[i])
      else
        call('DECRBY', done_key[i], done_ds[i])
      end
    end
    pos = pos + wbytes
  end
  k = k + nw
end
return out
