#!/usr/bin/env python3
"""A mock of AWS Bedrock's Converse API for clude's end-to-end tests.
Python 3 standard library only; listens on 127.0.0.1.

Every request's AWS Signature Version 4 is checked by recomputing it with
hmac/hashlib the way the service does (canonical path = the sent path
encoded again, sorted query, the SignedHeaders' trimmed values, SHA-256 of
the body; X-Amz-Date within 5 minutes; session token when the credentials
have one). A bad one gets Bedrock's 403 shape: {"message": ...} with an
x-amzn-ErrorType header. Streams are real application/vnd.amazon.eventstream
frames (prelude, string headers, payload, CRC32s from zlib).

As a module:

    from bedrock_mock import BedrockMock
    srv = BedrockMock(credentials={"AKID": ("secret", None)}, region="us-east-1").start()
    ... srv.port, srv.base_url, srv.requests ...
    srv.stop()

As a script:

    python3 tests/mock/bedrock_mock.py --port 0 --port-file F [--log F]
        --access-key AKID --secret-key SECRET [--session-token T] [--region R]

Endpoints: POST /model/{modelId}/converse and /model/{modelId}/converse-stream.
Each request is recorded as {"method", "path" (raw, as sent), "query" (dict),
"headers" (lowercase names), "body" (parsed JSON or text), "model" (decoded
id), "auth" ("ok" or why the signature was refused)}.

Scenarios by model id:
  (anything else)  "Hello from mock: <last user text>" in word deltas
  mock-tokens-N    deltas "w1", " w2", ... " wN"
  mock-401 / 403 / 400 / 429 (Retry-After: 7) / 500 / 503  Bedrock error bodies
  mock-maxtokens   stopReason max_tokens        mock-guardrail  guardrail_intervened
  mock-tooluse     stopReason tool_use          mock-cache      usage with cache reads/writes
  mock-cut         stream: messageStart, deltas "partial ", "reply", then the
                   connection closes (no messageStop/metadata, no last chunk);
                   non-stream: half a body shorter than its Content-Length
  mock-cut-mid     stream: a delta, then half of the next frame, then close
  mock-nometa      stream: complete but for the final metadata event
  mock-badcrc      stream: a delta, then a frame whose message CRC is wrong
  mock-badjson     stream: a delta, then a contentBlockDelta whose payload is
                   not JSON; non-stream: a body that is not JSON
  mock-exception   stream: a delta, then a throttlingException frame
  mock-split       default reply, every frame written in three flushes
"""

import datetime
import hashlib
import hmac
import json
import os
import re
import struct
import sys
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mockbase  # noqa: E402
from openai_mock import split_small  # noqa: E402

SIG_MISMATCH = ("The request signature we calculated does not match the signature you "
                "provided. Check your AWS Secret Access Key and signing method. Consult the "
                "service documentation for details.")
BAD_TOKEN = "The security token included in the request is invalid."

ERRORS = {
    401: ("UnrecognizedClientException", BAD_TOKEN),
    403: ("AccessDeniedException",
          "You don't have access to the model with the specified model ID."),
    400: ("ValidationException", "The provided model identifier is invalid."),
    429: ("ThrottlingException", "Too many requests, please wait before trying again."),
    500: ("InternalServerException", "The system encountered an unexpected error during "
          "processing. Try your request again."),
    503: ("ServiceUnavailableException", "Bedrock is unable to process your request."),
}


# ---- event stream framing ------------------------------------------------------
def frame(headers, payload, corrupt_crc=False):
    """One message: headers is [(name, string value)], payload bytes."""
    hb = b""
    for name, value in headers:
        n, v = name.encode(), value.encode()
        hb += bytes([len(n)]) + n + b"\x07" + struct.pack(">H", len(v)) + v
    total = 16 + len(hb) + len(payload)
    prelude = struct.pack(">II", total, len(hb))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    msg = prelude + hb + payload
    crc = zlib.crc32(msg) ^ (1 if corrupt_crc else 0)
    return msg + struct.pack(">I", crc)


def event(kind, obj, raw=None, corrupt_crc=False):
    payload = raw if raw is not None else json.dumps(obj, separators=(",", ":")).encode()
    return frame([(":event-type", kind), (":content-type", "application/json"),
                  (":message-type", "event")], payload, corrupt_crc)


def exception(kind, message):
    return frame([(":exception-type", kind), (":content-type", "application/json"),
                  (":message-type", "exception")],
                 json.dumps({"message": message}).encode())


# ---- SigV4 verification -----------------------------------------------------------
def _hmac(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret, date, region, service):
    k = _hmac(("AWS4" + secret).encode("utf-8"), date)
    k = _hmac(k, region)
    k = _hmac(k, service)
    return _hmac(k, "aws4_request")


AUTH_RE = re.compile(r"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,"
                     r" ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$")


def canonical_query(raw):
    pairs = urllib.parse.parse_qsl(raw, keep_blank_values=True)
    enc = sorted((urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                 for k, v in pairs)
    return "&".join("%s=%s" % kv for kv in enc)


def verify_sigv4(method, raw_path, raw_query, headers, body, credentials, region, service,
                 now=None):
    """headers: list of (name, value) as received. Returns (status, type, message) on
    failure, None when the signature is right."""
    hmap = {}
    for k, v in headers:
        hmap.setdefault(k.lower(), []).append(v)
    auth = ",".join(hmap.get("authorization", []))
    if not auth:
        return 403, "MissingAuthenticationTokenException", "Missing Authentication Token"
    m = AUTH_RE.match(auth)
    if not m:
        return 400, "IncompleteSignatureException", "Authorization header is malformed: " + auth[:40]
    akid, date, c_region, c_service, signed, signature = m.groups()
    if akid not in credentials:
        return 403, "UnrecognizedClientException", BAD_TOKEN
    secret, token = credentials[akid]
    if c_region != region or c_service != service:
        return 403, "InvalidSignatureException", (
            "Credential should be scoped to a valid region, not '%s'. " % c_region
            if c_region != region else
            "Credential should be scoped to correct service: '%s'. " % service)
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names:
        return 403, "InvalidSignatureException", "Signed headers must include host and x-amz-date"
    amz_date = ",".join(hmap.get("x-amz-date", []))
    try:
        t = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        return 403, "InvalidSignatureException", "Bad X-Amz-Date: " + amz_date
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if abs((now - t).total_seconds()) > 300 or amz_date[:8] != date:
        return 403, "InvalidSignatureException", "Signature expired: %s is now earlier than %s" % (
            amz_date, now.strftime("%Y%m%dT%H%M%SZ"))
    sent_token = ",".join(hmap.get("x-amz-security-token", []))
    if (token or "") != sent_token:
        return 403, "UnrecognizedClientException", BAD_TOKEN
    if token and "x-amz-security-token" not in names:
        return 403, "InvalidSignatureException", SIG_MISMATCH
    canon_headers = ""
    for n in names:
        if n not in hmap:
            return 403, "InvalidSignatureException", SIG_MISMATCH
        vals = [re.sub(r"\s+", " ", v.strip()) for v in hmap[n]]
        canon_headers += "%s:%s\n" % (n, ",".join(vals))
    creq = "\n".join([method, urllib.parse.quote(raw_path or "/", safe="/~"),
                      canonical_query(raw_query), canon_headers, signed,
                      hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/%s/aws4_request" % (date, region, service)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode("utf-8")).hexdigest()])
    want = hmac.new(signing_key(secret, date, region, service), sts.encode("utf-8"),
                    hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, signature):
        return 403, "InvalidSignatureException", SIG_MISMATCH
    return None


# ---- replies ----------------------------------------------------------------------
def last_user_text(body):
    msgs = body.get("messages") if isinstance(body, dict) else None
    for m in reversed(msgs if isinstance(msgs, list) else []):
        if isinstance(m, dict) and m.get("role") == "user":
            return "".join(c.get("text", "") for c in m.get("content", [])
                           if isinstance(c, dict))
    return ""


def prompt_tokens(body):
    total = 0
    for m in body.get("messages", []) + [{"content": body.get("system", [])}]:
        for c in m.get("content", []) if isinstance(m, dict) else []:
            total += len(c.get("text", "")) + 4 if isinstance(c, dict) else 0
    return max(1, total // 4)


def plan(body, model):
    m = re.fullmatch(r"mock-tokens-(\d+)", model)
    if m:
        n = int(m.group(1))
        return ["w1"] + [" w%d" % i for i in range(2, n + 1)] if n else []
    if model in ("mock-cut", "mock-cut-mid", "mock-badcrc", "mock-badjson", "mock-exception"):
        return ["partial ", "reply"]
    return split_small("Hello from mock: " + last_user_text(body))


def stop_reason(model):
    return {"mock-maxtokens": "max_tokens", "mock-guardrail": "guardrail_intervened",
            "mock-tooluse": "tool_use"}.get(model, "end_turn")


def usage(body, model, deltas):
    p, c = prompt_tokens(body), len(deltas)
    u = {"inputTokens": p, "outputTokens": c, "totalTokens": p + c}
    if model == "mock-cache":
        u.update(cacheReadInputTokens=100, cacheWriteInputTokens=20, totalTokens=p + c + 120)
    return u


PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"


class Handler(mockbase.Handler):
    server_version = "bedrock-mock/1.0"
    lower_headers = True
    parse_query = staticmethod(
        lambda query: dict(urllib.parse.parse_qsl(query, keep_blank_values=True)))

    def _parse_body(self, raw):  # a body that is not UTF-8 is not JSON here
        if not raw:
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _error(self, status, etype, message, extra=None):
        data = json.dumps({"message": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-ErrorType", etype + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        self.send_header("x-amzn-RequestId", "00000000-mock-0000-0000-000000000000")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_POST(self):
        owner = self.server.owner
        raw = self._read_body()
        split = urllib.parse.urlsplit(self.path)
        entry = self._entry(raw, model=None, auth="ok")
        body = entry["body"]
        bad = None
        if owner.credentials is not None:
            bad = verify_sigv4(self.command, split.path, split.query, self.headers.items(), raw,
                               owner.credentials, owner.region, "bedrock")
        m = re.fullmatch(r"/model/([^/]+)/(converse|converse-stream)", split.path)
        if m:
            entry["model"] = urllib.parse.unquote(m.group(1))
        if bad:
            entry["auth"] = bad[2]
        owner._record(entry)
        if bad:
            return self._error(*bad)
        if not m:
            return self._error(404, "UnknownOperationException", "Unknown operation %s %s"
                               % (self.command, split.path))
        if not isinstance(body, dict):
            return self._error(400, "ValidationException", "Malformed input request")
        model = entry["model"]
        em = re.fullmatch(r"mock-(\d{3})", model)
        if em and int(em.group(1)) in ERRORS:
            status = int(em.group(1))
            return self._error(status, *ERRORS[status],
                               extra={"Retry-After": "7"} if status == 429 else None)
        if m.group(2) == "converse":
            return self._converse(body, model)
        return self._stream(body, model)

    do_PUT = do_POST
    do_GET = do_POST

    def _converse(self, body, model):
        deltas = plan(body, model)
        if model == "mock-badjson":
            data = b"{not json"
        else:
            data = json.dumps({
                "output": {"message": {"role": "assistant",
                                       "content": [{"text": "".join(deltas)}]}},
                "stopReason": stop_reason(model),
                "usage": usage(body, model, deltas),
                "metrics": {"latencyMs": 123}}, separators=(",", ":")).encode()
        if model != "mock-cut":
            return self._send_raw(200, data)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data) + 100))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True

    def _stream(self, body, model):
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-amzn-RequestId", "00000000-mock-0000-0000-000000000000")
        self.end_headers()
        self.wfile.flush()
        pieces = 3 if model == "mock-split" else 1

        def write(b):
            self.wfile.write(b"%x\r\n" % len(b) + b + b"\r\n")
            self.wfile.flush()

        def send(b):
            cuts = [0] + [len(b) * i // pieces for i in range(1, pieces)] + [len(b)]
            if pieces > 1:
                cuts[1] = 1  # the first piece is a single byte
            for a, z in zip(cuts, cuts[1:]):
                if z > a:
                    write(b[a:z])

        def finish():
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        deltas = plan(body, model)
        try:
            send(event("messageStart", {"p": PAD[:20], "role": "assistant"}))
            for i, d in enumerate(deltas):
                if i == 1 and model in ("mock-cut-mid", "mock-badcrc", "mock-badjson",
                                        "mock-exception"):
                    if model == "mock-cut-mid":
                        f = event("contentBlockDelta", {"contentBlockIndex": 0,
                                                        "delta": {"text": d}, "p": PAD[:7]})
                        write(f[: len(f) // 2])
                        self.close_connection = True
                        return
                    if model == "mock-badcrc":
                        send(event("contentBlockDelta", {"contentBlockIndex": 0,
                                                         "delta": {"text": d}}, corrupt_crc=True))
                    elif model == "mock-badjson":
                        send(event("contentBlockDelta", None, raw=b'{"delta":{"text":'))
                    else:
                        send(exception("throttlingException",
                                       "Too many tokens, please wait before trying again."))
                    finish()
                    return
                send(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": d},
                                                 "p": PAD[: 1 + i % 40]}))
            if model == "mock-cut":
                self.close_connection = True
                return  # no messageStop, no metadata, no terminating chunk
            send(event("contentBlockStop", {"contentBlockIndex": 0, "p": PAD[:9]}))
            send(event("messageStop", {"p": PAD[:3], "stopReason": stop_reason(model)}))
            if model != "mock-nometa":
                send(event("metadata", {"metrics": {"latencyMs": 87}, "p": PAD[:5],
                                        "usage": usage(body, model, deltas)}))
            finish()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class BedrockMock(mockbase.MockServer):
    """credentials: {access_key_id: (secret, session_token or None)}; None
    accepts any request unsigned (signature checks off)."""

    handler = Handler

    def __init__(self, credentials=None, region="us-east-1", host="127.0.0.1", port=0,
                 log_path=None, verbose=False):
        self.credentials = credentials
        self.region = region
        super().__init__(host=host, port=port, log_path=log_path, verbose=verbose)

    @staticmethod
    def add_arguments(ap):
        ap.add_argument("--access-key")
        ap.add_argument("--secret-key")
        ap.add_argument("--session-token")
        ap.add_argument("--region", default="us-east-1")

    @staticmethod
    def options(args):
        creds = None
        if args.access_key:
            creds = {args.access_key: (args.secret_key or "", args.session_token)}
        return {"credentials": creds, "region": args.region}


def main(argv=None):
    return mockbase.main(BedrockMock, "Mock AWS Bedrock Converse server", argv)


if __name__ == "__main__":
    sys.exit(main())
