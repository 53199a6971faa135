-- wrk script: POSTs the file named by $BODY_FILE with Content-Type $CONTENT_TYPE on every request.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE")
