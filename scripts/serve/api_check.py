#!/usr/bin/env python3
"""Checks a running churn-serve against docs/openapi.yaml, fuzzes it, and runs schemathesis.

Usage: api_check.py --port PORT --samples customers.json [--token T] [--fuzz N] [--seed S]
       [--schemathesis auto|require|skip] [--examples N]

1. Routes: every (path, method) the document lists answers something other than 404/405; every other method on
   those paths answers 405; an unknown path answers 404.
2. Schemas: real requests (valid single, batch and outcome requests built from the sample customers, health,
   ready, metrics, and one request of each bad-request class) are answered with a status the document lists for
   that operation and a body that validates against the documented schema (jsonschema, OpenAPI 3.0 `nullable`
   mapped to JSON Schema).
3. Fuzz: N seeded random bodies (random JSON values, random bytes, valid bodies with one member mutated) to each
   POST route: never a 5xx, and every 4xx body matches the Error schema.
4. schemathesis (if installed; `require` fails when it is not): `schemathesis run` against the document with
   the checks not_a_server_error, status_code_conformance, content_type_conformance and
   response_schema_conformance.
Exit status 0 only when every check passes; prints one line per check and a summary line.
"""
import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import urllib.request
import urllib.error

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "openapi.yaml")
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def request(port, method, path, body=None, content_type="application/json", token=None, raw=None, key=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if content_type and data is not None:
        req.add_header("Content-Type", content_type)
    if key is not None:
        req.add_header("Idempotency-Key", key)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def to_json_schema(node, components):
    """OpenAPI 3.0 schema -> JSON Schema (resolving $ref, mapping nullable)."""
    if isinstance(node, list):
        return [to_json_schema(n, components) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        return to_json_schema(components[name], components)
    out = {}
    for k, v in node.items():
        if k in ("nullable", "description", "format"):
            continue
        out[k] = to_json_schema(v, components) if isinstance(v, (dict, list)) else v
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


class Checker:
    def __init__(self, args):
        self.args = args
        with open(DOC) as f:
            self.doc = yaml.safe_load(f)
        self.schemas = self.doc["components"]["schemas"]
        self.responses = self.doc["components"]["responses"]
        self.failures = []
        self.passed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"FAIL {what}")

    def response_schema(self, path, method, status):
        op = self.doc["paths"][path][method.lower()]
        resp = op["responses"].get(str(status))
        if resp is None:
            return None, False
        if "$ref" in resp:
            resp = self.responses[resp["$ref"].split("/")[-1]]
        content = resp.get("content", {})
        if "application/json" in content:
            return to_json_schema(content["application/json"]["schema"], self.schemas), True
        return {"type": "string"}, True

    def conforms(self, path, method, status, ctype, body, what):
        schema, listed = self.response_schema(path, method, status)
        self.check(listed, f"{what}: status {status} is documented for {method} {path}")
        self.check(status < 500, f"{what}: no 5xx (got {status})")
        if not listed:
            return
        if schema.get("type") == "string":
            self.check(ctype.startswith("text/plain"), f"{what}: text/plain")
            return
        self.check(ctype.startswith("application/json"), f"{what}: JSON content type (got {ctype!r})")
        try:
            value = json.loads(body)
            jsonschema.validate(value, schema)
            self.check(True, what)
        except (ValueError, jsonschema.ValidationError) as e:
            self.check(False, f"{what}: body does not match the schema: {str(e)[:300]} body={body[:200]!r}")

    def routes(self):
        port, token = self.args.port, self.args.token
        for path, ops in self.doc["paths"].items():
            for method in METHODS:
                status, _, _ = request(port, method, path, body={} if method in ("POST", "PUT", "PATCH") else None, token=token)
                if method.lower() in ops:
                    self.check(status not in (404, 405), f"route {method} {path} exists (got {status})")
                else:
                    self.check(status == 405, f"route {method} {path} answers 405 (got {status})")
        status, _, _ = request(port, "GET", "/no/such/route", token=token)
        self.check(status == 404, f"unknown path answers 404 (got {status})")

    def schemas_of_real_answers(self, samples):
        port, token = self.args.port, self.args.token
        s, ct, b = request(port, "POST", "/v1/recommend", samples[0], token=token)
        self.conforms("/v1/recommend", "POST", s, ct, b, "recommend (valid)")
        self.check(s == 200, f"valid recommend answers 200 (got {s}: {b[:200]!r})")
        decision_id = json.loads(b).get("decision_id", "") if s == 200 else ""
        s, ct, b = request(port, "POST", "/v1/recommend/batch", {"customers": samples}, token=token)
        self.conforms("/v1/recommend/batch", "POST", s, ct, b, "batch (valid)")
        self.check(s == 200, f"valid batch answers 200 (got {s})")
        s, ct, b = request(port, "POST", "/v1/outcomes", {"decision_id": decision_id, "churned": True, "date": "2026-12-01"}, token=token)
        self.conforms("/v1/outcomes", "POST", s, ct, b, "outcome (valid)")
        self.check(s == 201, f"valid outcome answers 201 (got {s})")
        # Idempotency-Key: first answer, byte-identical replay, reuse with another body (422), unusable key (400).
        key = f"api-check-{os.getpid()}-{random.randrange(1 << 30)}"
        s1, ct, b1 = request(port, "POST", "/v1/recommend", samples[0], token=token, key=key)
        self.conforms("/v1/recommend", "POST", s1, ct, b1, "recommend with Idempotency-Key")
        s2, ct, b2 = request(port, "POST", "/v1/recommend", samples[0], token=token, key=key)
        self.conforms("/v1/recommend", "POST", s2, ct, b2, "recommend retried with the same Idempotency-Key")
        self.check(s1 == 200 and s2 == 200 and b1 == b2, f"a retried Idempotency-Key replays the first answer ({s1}, {s2})")
        s, ct, b = request(port, "POST", "/v1/recommend", samples[1 % len(samples)] if len(samples) > 1 else dict(samples[0], customer_id="other"), token=token, key=key)
        self.conforms("/v1/recommend", "POST", s, ct, b, "Idempotency-Key reused with another body")
        self.check(s == 422, f"an Idempotency-Key reused with another body answers 422 (got {s})")
        s, ct, b = request(port, "POST", "/v1/outcomes", {"decision_id": decision_id, "churned": False, "date": "2026-12-02"}, token=token, key="x" * 300)
        self.conforms("/v1/outcomes", "POST", s, ct, b, "outcome with an unusable Idempotency-Key")
        self.check(s == 400, f"an Idempotency-Key of 300 characters answers 400 (got {s})")
        for path in ("/health", "/ready", "/metrics"):
            s, ct, b = request(port, "GET", path, token=token)
            self.conforms(path, "GET", s, ct, b, f"GET {path}")
        bad = dict(samples[0])
        bad.pop(next(k for k in bad if k != "customer_id"))
        cases = [
            ("/v1/recommend", {"raw": b"{not json"}), ("/v1/recommend", {"body": bad}),
            ("/v1/recommend", {"body": dict(samples[0], extra=1)}), ("/v1/recommend", {"raw": b""}),
            ("/v1/recommend", {"body": samples[0], "content_type": "text/plain"}),
            ("/v1/recommend/batch", {"body": {"customers": []}}),
            ("/v1/outcomes", {"body": {"decision_id": "unknown-id", "churned": False, "date": "2026-12-01"}}),
            ("/v1/outcomes", {"body": {"decision_id": 3, "churned": "no", "date": "tomorrow"}}),
        ]
        for path, kw in cases:
            s, ct, b = request(port, "POST", path, kw.get("body"), content_type=kw.get("content_type", "application/json"),
                               token=token, raw=kw.get("raw"))
            self.conforms(path, "POST", s, ct, b, f"bad request to {path} ({str(kw)[:60]})")
            self.check(400 <= s < 500, f"bad request to {path} answers 4xx (got {s})")

    def fuzz(self, samples):
        rng = random.Random(self.args.seed)
        port, token = self.args.port, self.args.token
        error_schema = to_json_schema(self.schemas["Error"], self.schemas)

        def random_json(depth=0):
            kind = rng.randrange(8 if depth < 3 else 5)
            if kind == 0: return None
            if kind == 1: return rng.choice([True, False])
            if kind == 2: return rng.choice([0, -1, 1e308, -1e-308, 3.5, 2**63, rng.uniform(-1e6, 1e6)])
            if kind == 3: return "".join(chr(rng.randrange(1, 0x2FF)) for _ in range(rng.randrange(0, 20)))
            if kind == 4: return rng.choice(["", "basic", "yes", "2026-12-01", "null"])
            if kind == 5: return [random_json(depth + 1) for _ in range(rng.randrange(0, 4))]
            return {rng.choice(["customer_id", "tenure", "plan", "customers", "decision_id", "x" * rng.randrange(1, 5)]): random_json(depth + 1)
                    for _ in range(rng.randrange(0, 5))}

        def mutated():
            body = copy.deepcopy(rng.choice(samples))
            key = rng.choice(list(body.keys()))
            body[key] = random_json(2)
            return body

        worst = 0
        for i in range(self.args.fuzz):
            path = rng.choice(["/v1/recommend", "/v1/recommend/batch", "/v1/outcomes"])
            mode = rng.randrange(3)
            if mode == 0:
                raw = json.dumps(random_json()).encode()
            elif mode == 1:
                raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
            else:
                b = mutated()
                raw = json.dumps({"customers": [b]} if path.endswith("batch") else b).encode()
            s, ct, body = request(port, "POST", path, raw=raw, token=token)
            worst = max(worst, s)
            if s >= 500:
                self.check(False, f"fuzz {i}: {path} answered {s} to {raw[:120]!r}")
                continue
            if 400 <= s < 500:
                try:
                    jsonschema.validate(json.loads(body), error_schema)
                    self.check(True, "fuzz")
                except (ValueError, jsonschema.ValidationError) as e:
                    self.check(False, f"fuzz {i}: 4xx body not an Error: {str(e)[:200]}")
            else:
                self.check(s in (200, 201), f"fuzz {i}: unexpected status {s}")
        print(f"fuzz: {self.args.fuzz} random bodies, highest status {worst}")

    def schemathesis(self):
        exe = shutil.which("schemathesis") or shutil.which("st")
        if exe is None:
            if self.args.schemathesis == "require":
                self.check(False, "schemathesis is not installed (pip install schemathesis)")
            else:
                print("schemathesis: not installed, skipped")
            return
        cmd = [exe, "run", DOC, "--url", f"http://127.0.0.1:{self.args.port}",
               "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
               "--max-examples", str(self.args.examples), "--seed", str(self.args.seed), "--no-color"]
        if self.args.token:
            cmd += ["--header", f"Authorization: Bearer {self.args.token}"]
        env = dict(os.environ, SCHEMATHESIS_HOOKS="")
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
        tail = "\n".join((p.stdout + p.stderr).strip().splitlines()[-25:])
        print("schemathesis:", " ".join(cmd[1:]))
        print(tail)
        self.check(p.returncode == 0, f"schemathesis found problems (exit {p.returncode})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--samples", required=True, help="JSON array of valid customer objects")
    ap.add_argument("--token")
    ap.add_argument("--fuzz", type=int, default=300)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--examples", type=int, default=30)
    ap.add_argument("--schemathesis", choices=["auto", "require", "skip"], default="auto")
    args = ap.parse_args()
    with open(args.samples) as f:
        samples = json.load(f)
    c = Checker(args)
    c.routes()
    c.schemas_of_real_answers(samples)
    c.fuzz(samples)
    if args.schemathesis != "skip":
        c.schemathesis()
    print(f"api_check: {c.passed} passed, {len(c.failures)} failed")
    sys.exit(0 if not c.failures else 1)


if __name__ == "__main__":
    main()
