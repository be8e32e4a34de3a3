-- A batch of decisions (or report updates), each on the counters of one
-- scope, applied in order; the whole batch is atomic.
-- KEYS[n]: the key base of decision n's scope; it carries the Redis Cluster
--          hash tag (a batch only holds scopes of one hash slot), and every
--          counter key of the scope is KEYS[n] .. metric .. ':' .. code .. ':' .. start.
-- ARGV[n]: space-separated fields of decision n:
--          commit has_usage now start[7] end[7] n_limits {metric period max}* n_usage {metric set value periods}*
--          (periods is a bit set: bit p selects period p, minute = bit 0).
-- Returns one "admitted value1 value2 …" per decision: admitted is 1 or 0,
-- value_i the stored counter of limit i before that decision.
local codes = {'m', 'h', 'd', 'w', 'M', 'y', 'e'}

local function decide(base, argv)
  local a = {}
  for t in string.gmatch(argv, '%S+') do a[#a + 1] = t end
  local commit = a[1] == '1'
  local has_usage = a[2] == '1'
  local now = tonumber(a[3])
  local starts, ends = {}, {}
  for p = 1, 7 do
    starts[p] = a[3 + p]
    ends[p] = tonumber(a[10 + p])
end
local i = 18
local nl = tonumber(a[i]); i = i + 1
local limits = {}
for j = 1, nl do
  limits[j] = {a[i], tonumber(a[i + 1]) + 1, tonumber(a[i + 2])}
  i = i + 3
end
local nu = tonumber(a[i]); i = i + 1
local usage, by_metric = {}, {}
for j = 1, nu do
  local u = {a[i], a[i + 1] == '1', tonumber(a[i + 2]), a[i + 2], tonumber(a[i + 3])}
  usage[j] = u
  if by_metric[u[1]] == nil then by_metric[u[1]] = u end
  i = i + 4
end

local out = {'1'}
local admitted = true
for j = 1, nl do
  local l = limits[j]
  local raw = redis.call('GET', base .. l[1] .. ':' .. codes[l[2]] .. ':' .. starts[l[2]])
  if not raw then raw = '0' end
  out[j + 1] = raw
  local v = tonumber(raw)
  if has_usage then
    local u = by_metric[l[1]]
    if u then
      if u[2] then v = u[3] else v = v + u[3] end
      if v > l[3] then admitted = false end
    end
  elseif v > l[3] then
    admitted = false
  end
end

if admitted and commit and has_usage then
  for j = 1, nu do
    local u = usage[j]
    local mask = u[5]
    for p = 1, 7 do
      local selected = mask % 2 == 1
      mask = (mask - mask % 2) / 2
      local ttl = 0
      if p < 7 then ttl = ends[p] + 60 - now end
      if selected and (p == 7 or ttl > 0) then
        local k = base .. u[1] .. ':' .. codes[p] .. ':' .. starts[p]
        if u[2] then
          if u[3] == 0 then
            redis.call('DEL', k)
          else
            redis.call('SET', k, u[4])
            if ttl > 0 then redis.call('EXPIRE', k, ttl) end
          end
        elseif u[3] ~= 0 then
          -- A counter equal to the increment was just created: only then
          -- does it need its expiry (every other write path sets one).
          if redis.call('INCRBY', k, u[4]) == u[3] and ttl > 0 then
            redis.call('EXPIRE', k, ttl)
          end
        end
      end
    end
  end
end

if not admitted then out[1] = '0' end
return table.concat(out, ' ')
end

local replies = {}
for n = 1, #KEYS do
  replies[n] = decide(KEYS[n], ARGV[n])
end
return replies
