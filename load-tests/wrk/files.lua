-- wrk script of the harness: sends pre-built request bodies (WrkInputs) one after the other, each with the
-- Date/Authorization pair of the current minute (pre-signed per minute, since wrk's Lua has no HMAC), and
-- counts answers by status, and batch items by their per-line status.
--
--   wrk -t2 -c32 -d15s -s files.lua http://127.0.0.1:8080 -- BODIES HEADERS MODE THREADS [PATH]
--
-- MODE: single or replay (valid headers), forged (Authorization signed with a wrong key), batch (NDJSON
-- bodies), plain (no Date/Authorization), malformed (an Authorization that does not parse). Ends with:
--   RESULT requests=… s2xx=… s4xx=… s404=… other=… errors=… items=… items_ok=… wraps=… sent_min=…
-- wraps > 0 means the bodies ran out and were sent again. sent_min: every thread sent at least that many of
-- its bodies (thread t takes lines t, t+T, t+2T, …), so the first sent_min × T lines were all sent.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   local bodies_file, headers_file, threads_count = args[1], args[2], tonumber(args[4])
   mode = args[3]
   path = args[5] or (mode == "batch" and "/api/v4/deactivate_offline/batch" or "/api/v4/deactivate_offline")
   content_type = mode == "batch" and "application/x-ndjson" or "text/plain"
   bodies, companies = {}, {}
   local n = 0
   for line in io.lines(bodies_file) do
      if n % threads_count == id then
         local tab = line:find("\t", 1, true)
         local body = line:sub(tab + 1)
         if mode == "batch" then
            body = body:gsub(" ", "\n") .. "\n"
         else
            body = body .. "\n"
         end
         bodies[#bodies + 1] = body
         companies[#companies + 1] = line:sub(1, tab - 1)
      end
      n = n + 1
   end
   signed = {}
   for line in io.lines(headers_file) do
      local c, minute, date, auth, forged = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
      signed[c .. "/" .. minute] = { date = date, auth = auth, forged = forged }
   end
   index, wraps, s2xx, s4xx, s404, other, items, items_ok = 0, 0, 0, 0, 0, 0, 0, 0
   nbodies = #bodies
   verified = id ~= 0
end

function request()
   -- wrk calls request() once in thread 0 before the run to check the script (script_verify_request in
   -- wrk.c); that request is never sent, so it must not use up a body (it would count as sent).
   if not verified then
      verified = true
      return wrk.format("POST", path, { ["Content-Type"] = content_type }, bodies[1])
   end
   index = index + 1
   if index > #bodies then
      index = 1
      wraps = wraps + 1
   end
   local headers = { ["Content-Type"] = content_type }
   if mode == "malformed" then
      headers["Date"] = signed[companies[index] .. "/" .. math.floor(os.time() / 60)].date
      headers["Authorization"] = "malformed"
   elseif mode ~= "plain" then
      local h = signed[companies[index] .. "/" .. math.floor(os.time() / 60)]
      headers["Date"] = h.date
      headers["Authorization"] = mode == "forged" and h.forged or h.auth
   end
   return wrk.format("POST", path, headers, bodies[index])
end

function response(status, headers, body)
   if status == 404 then
      s404 = s404 + 1
   elseif status >= 200 and status < 300 then
      s2xx = s2xx + 1
   elseif status >= 400 and status < 500 then
      s4xx = s4xx + 1
   else
      other = other + 1
   end
   if mode == "batch" and body then
      for line in body:gmatch("[^\n]+") do
         items = items + 1
         if line:find('"status"%s*:%s*200') then
            items_ok = items_ok + 1
         end
      end
   end
end

function done(summary, latency, requests)
   local total = { s2xx = 0, s4xx = 0, s404 = 0, other = 0, items = 0, items_ok = 0, wraps = 0 }
   local sent_min = nil
   for _, thread in ipairs(threads) do
      for k, _ in pairs(total) do
         total[k] = total[k] + (thread:get(k) or 0)
      end
      local sent = (thread:get("wraps") or 0) * (thread:get("nbodies") or 0) + (thread:get("index") or 0)
      if sent_min == nil or sent < sent_min then
         sent_min = sent
      end
   end
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   io.write(string.format("RESULT requests=%d duration_s=%.3f s2xx=%d s4xx=%d s404=%d other=%d errors=%d "
         .. "items=%d items_ok=%d wraps=%d sent_min=%d p50_ms=%.2f p99_ms=%.2f\n",
         summary.requests, summary.duration / 1e6, total.s2xx, total.s4xx, total.s404, total.other, errors,
         total.items, total.items_ok, total.wraps, sent_min or 0, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
