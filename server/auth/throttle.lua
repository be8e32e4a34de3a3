-- Take one login attempt under KEYS[1], a hash of the failures counted there
-- (n) and the time of the last one in milliseconds (last). After n failures
-- the next attempt waits min(base * 2^(n - free), max) after the last one;
-- the first free attempts do not wait. The key expires window after the
-- last attempt, which forgets its failures.
-- ARGV: now, window, free, base, max (milliseconds but free).
-- Returns 0 when the attempt was counted, else the milliseconds to wait.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local free = tonumber(ARGV[3])
local base = tonumber(ARGV[4])
local max = tonumber(ARGV[5])
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
-- The key's expiry forgets the count too; this check keeps to the caller's
-- clock.
if now - last >= window then n = 0 end
if n >= free then
  local e = n - free
  if e > 40 then e = 40 end
  local d = base * 2 ^ e
  if d > max then d = max end
  local wait = last + d - now
  if wait > 0 then return math.ceil(wait) end
end
redis.call('HSET', KEYS[1], 'n', n + 1, 'last', now)
redis.call('PEXPIRE', KEYS[1], window)
return 0
