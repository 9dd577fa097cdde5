-- wrk script: every request submits a service request online (multipart/form-data), a durable append when the
-- server is durable, plus the NIK sealed in the vault and the documents stored by content.
-- DOCS=small (default): a family card (KK) request with its two required documents as small PDFs (~100 bytes each:
--   every demo service asks for at least one document, so this is the nearest to "without uploads").
-- DOCS=1mb: the same with each document 1 MiB.
-- DOCS=none: the same request without documents (submit.sh first publishes a KK standard whose documents are
--   optional, as the issue's "without uploads" asks).
-- Every request's documents differ (a counter inside the PDF), so each is hashed and stored, never deduplicated.
-- Counts the responses that are not 201 Created and prints one RESULT line.
-- Usage: DOCS=1mb wrk -t2 -c16 -d10s --latency -s bench/requests/submit.lua http://127.0.0.1:PORT

local tenant = os.getenv("TENANT") or "kota-mojokerto"
local docs = os.getenv("DOCS") or "small"
local boundary = "layanbenchboundary"
local padding = docs == "1mb" and string.rep("x", 1024 * 1024 - 120) or ""

wrk.method = "POST"
wrk.path = "/api/v1/tenants/" .. tenant .. "/requests"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary

local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

local function field(name, value)
    return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

local function pdf(name, tag)
    local bytes = "%PDF-1.4\n% " .. tag .. "\n" .. padding .. "\n%%EOF\n"
    return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"; filename=\"" .. name ..
               ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n" .. bytes .. "\r\n"
end

function init(args)
    responses = 0
    not_created = 0
    last_bad_status = 0
end

function request()
    counter = counter + 1
    local tag = id .. "-" .. counter
    local files = docs == "none" and "" or (pdf("KK_LAMA", "kk " .. tag) .. pdf("F101", "f101 " .. tag))
    local body = field("service", "KK") .. field("nik", "3576010101900001") .. files .. "--" .. boundary .. "--\r\n"
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    responses = responses + 1
    if status ~= 201 then
        not_created = not_created + 1
        last_bad_status = status
    end
end

function done(summary, latency, requests)
    local total, bad, bad_status = 0, 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("responses")
        bad = bad + thread:get("not_created")
        if thread:get("last_bad_status") ~= 0 then
            bad_status = thread:get("last_bad_status")
        end
    end
    io.write(string.format("RESULT responses=%d not_created=%d last_bad_status=%d\n", total, bad, bad_status))
end
