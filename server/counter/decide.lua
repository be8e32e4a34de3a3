-- A batch of decisions (or report updates), each on the counters of one
-- scope, applied in order; the whole batch is atomic.
--
-- KEYS are the complete counter keys, decision after decision: first the
-- keys its limits read, then the keys it only writes. A batch only holds
-- keys of one Redis Cluster hash slot.
-- ARGV[1] is the batch packed little-endian (struct library):
--   i4 number of decisions, then per decision
--   i4 reads, i4 writes, i4 size in bytes of the write entries,
--   B lease operation (see below) and its data, then
--   per read entry (one per limit):
--     B check  1: the decision is denied when the value with the delta
--              applied is above max
--     B set    1: the delta replaces the value; 0: it is added
--     B write  1: the delta (an increment) is written if admitted
--     i8 max, i8 ttl (seconds; 0: the key never expires),
--     B length and the delta's decimal digits;
--   per write entry (counters no limit reads):
--     B set, i8 ttl, B length and the delta's decimal digits.
-- A decision with a lease operation other than 0 has two more keys after
-- its counters: its scope's lease hash (one field per lease a process
-- holds, "holder|metric", valued with the lease's end in Redis time, ms)
-- and its scope's no-lease marker. The operations:
--   0 none.
--   1 grant (data: i8 lifetime in ms, B number of fields, per field B
--     length and bytes): a decision reserving a lease's units; refused
--     while the marker exists; when admitted its fields are recorded.
--   2 return (data: B length and the field): its writes (negative
--     increments, the unused units) apply only if the field is still
--     recorded, so a return after a set or a loss changes nothing.
--   3 unchecked write (data: B number of metrics set, per metric B length
--     and name): a report update or a decision that sets counters; when
--     leases are live the marker is set (no new leases for a while) and
--     the reply holds how many ms they have left, for the caller to wait;
--     the lease fields of the metrics it set are dropped.
--   4 checked decision: a denied one answers how many ms the leases on
--     the metrics it was denied on have left (at least 1 while any is
--     recorded), so that the caller can retry once their unused units
--     are back.
-- ARGV[2], when present and not empty, is the guard key: Portico sets it
-- once the counters are complete, so a Redis that lost its data (a restart
-- without persistence, a failover to an empty replica, a flush) has no
-- guard, and the script refuses to decide on counters that are gone.
-- Go computes every key, period window and expiry; the script only reads,
-- compares and writes.
--
-- Returns one flat array: per decision 1 (admitted) or 0, then the stored
-- value of every read entry as it was before the decision, then for
-- operations 3 and 4 the wait in ms.
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
local now_ms
local function clock()
  if not now_ms then
    local t = call('TIME')
    now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return now_ms
end
-- lease_left is how many ms the leases recorded in lkey have left (only
-- those on the metrics named in only, when given); with recorded, an
-- expired lease whose units are not back yet counts as 1.
local function lease_left(lkey, recorded, only)
  local all = call('HGETALL', lkey)
  local left = 0
  for i = 1, #all, 2 do
    local counts = only == nil
    if not counts then
      local m = string.match(all[i], '|(.*)$')
      for j = 1, #only do
        if only[j] == m then counts = true end
      end
    end
    if counts then
      local l = tonumber(all[i + 1]) - clock()
      if l > left then left = l end
      if recorded and left < 1 then left = 1 end
    end
  end
  return left
end
-- The metric of a counter key (prefix{service:application}:metric:p:start).
local function key_metric(key)
  return string.match(key, '}:(.*):[^:]+:[^:]+$')
end
local nd, pos = unpack('<i4', blob, 1)
for _ = 1, nd do
  local nr, nw, wbytes, op
  nr, nw, wbytes, op, pos = unpack('<i4i4i4B', blob, pos)
  o = o + 1
  local head = o
  local ok = true
  local ndone = 0
  local lkey, nokey, life, fields, sets
  local over -- metrics whose check failed
  if op ~= 0 then
    lkey, nokey = KEYS[k + nr + nw + 1], KEYS[k + nr + nw + 2]
  end
  if op == 1 then
    local nf
    life, nf, pos = unpack('<i8B', blob, pos)
    fields = {}
    for i = 1, nf do fields[i], pos = unpack('<Bc0', blob, pos) end
    if call('EXISTS', nokey) == 1 then ok = false end
  elseif op == 2 then
    local field
    field, pos = unpack('<Bc0', blob, pos)
    if call('HDEL', lkey, field) == 0 then ok = false end
  elseif op == 3 then
    local ns
    ns, pos = unpack('<B', blob, pos)
    sets = {}
    for i = 1, ns do sets[i], pos = unpack('<Bc0', blob, pos) end
  end
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
        over = over or {}
        over[#over + 1] = key_metric(key)
      end
    end
    if stored == nil then
      stored = tonumber(call('GET', key) or 0)
      if set == 1 then v = d else v = stored + d end
    end
    o = o + 1
    out[o] = stored
    if check == 1 and v > max then
      ok = false
      over = over or {}
      over[#over + 1] = key_metric(key)
    end
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
  if op == 1 and ok then
    local ends = clock() + life
    for i = 1, #fields do call('HSET', lkey, fields[i], ends) end
    -- The hash outlives its leases by a margin for their returns.
    if call('PTTL', lkey) < life + 5000 then call('PEXPIRE', lkey, life + 5000) end
  elseif op == 3 then
    local left = 0
    if ok then
      -- Leases on the metrics set count too: their holders may admit
      -- until they end, and those admissions come before the set.
      left = lease_left(lkey, false, nil)
      if #sets > 0 then
        local names = call('HKEYS', lkey)
        for i = 1, #names do
          local m = string.match(names[i], '|(.*)$')
          for j = 1, #sets do
            if m == sets[j] then call('HDEL', lkey, names[i]) end
          end
        end
      end
      if left > 0 then call('SET', nokey, '1', 'EX', 60) end
    end
    o = o + 1
    out[o] = left
  elseif op == 4 then
    o = o + 1
    if ok then out[o] = 0 else out[o] = lease_left(lkey, true, over or {}) end
  end
  if op ~= 0 then k = k + 2 end
end
return out
