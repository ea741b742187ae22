#!/usr/bin/env python3
"""End-to-end check from a non-Java client: compiles the project's own .proto files with
grpc_tools, writes a batch to a running server, reads it back and aggregates it.

Usage: historian_client.py PROTO_DIR PORT [CA_PEM TOKEN]
With CA_PEM and TOKEN it connects over TLS (trusting CA_PEM) and sends the API token on every call,
as docs/grpc.md shows, and checks that a path outside its grants is refused with PERMISSION_DENIED.
Prints "OK <n> samples" and exits 0 on success; exits 1 with the reason otherwise.
"""
import importlib
import math
import os
import sys
import tempfile

import grpc
from grpc_tools import protoc


def compile_protos(proto_dir, out_dir):
    proto = os.path.join(proto_dir, "historian", "v1", "historian.proto")
    status = protoc.main(["grpc_tools.protoc", "-I" + proto_dir, "--python_out=" + out_dir,
                          "--grpc_python_out=" + out_dir, proto])
    if status != 0:
        raise SystemExit("protoc failed with status %d" % status)
    sys.path.insert(0, out_dir)
    return (importlib.import_module("historian.v1.historian_pb2"),
            importlib.import_module("historian.v1.historian_pb2_grpc"))


def main():
    proto_dir, port = sys.argv[1], sys.argv[2]
    ca, token = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    out_dir = tempfile.mkdtemp(prefix="historian-py-")
    for package in ("historian", os.path.join("historian", "v1")):
        os.makedirs(os.path.join(out_dir, package), exist_ok=True)
        open(os.path.join(out_dir, package, "__init__.py"), "w").close()
    pb, rpc = compile_protos(proto_dir, out_dir)
    if ca:
        with open(ca, "rb") as pem:
            credentials = grpc.composite_channel_credentials(grpc.ssl_channel_credentials(root_certificates=pem.read()),
                                                             grpc.access_token_call_credentials(token))
        channel = grpc.secure_channel("127.0.0.1:" + port, credentials)
    else:
        channel = grpc.insecure_channel("127.0.0.1:" + port)
    stub = rpc.HistorianStub(channel)

    t0 = 1767225600000000000
    second = 1000000000
    samples = pb.SeriesSamples(path="python/line1/temperature", type=pb.DOUBLE,
                               timestamps_ns=[t0 + i * second for i in range(60)],
                               double_values=[20.0 + i / 4 for i in range(60)])
    state = pb.SeriesSamples(path="python/line1/state", type=pb.STRING, timestamps_ns=[t0],
                             string_values=["RUNNING"])
    bad = pb.SeriesSamples(path="python/+/bad", type=pb.DOUBLE, timestamps_ns=[t0], double_values=[1.0])
    acks = list(stub.Write(iter([pb.WriteBatch(batch_id=7, series=[samples, state]),
                                 pb.WriteBatch(batch_id=8, series=[bad])])))
    if len(acks) != 2 or not acks[0].accepted or acks[0].samples != 61:
        raise SystemExit("unexpected acknowledgement: %s" % acks)
    if acks[1].accepted or acks[1].path != "python/+/bad" or "wildcard" not in acks[1].reason:
        raise SystemExit("the bad batch was not rejected precisely: %s" % acks[1])

    selection = pb.Selection(filters=["python/line1/temperature"])
    values = []
    for message in stub.ReadRaw(pb.ReadRawRequest(selection=selection, start_ns=t0, end_ns=t0 + 3600 * second)):
        values.extend(message.samples.double_values)
    if values != [20.0 + i / 4 for i in range(60)]:
        raise SystemExit("raw read returned %s" % values)

    rows = [row for message in stub.Aggregate(pb.AggregateRequest(
        selection=selection, start_ns=t0, end_ns=t0 + 60 * second, bucket_ns=60 * second)) for row in message.rows]
    expected = sum(values) / len(values)
    if len(rows) != 1 or rows[0].count != 60 or not math.isclose(rows[0].avg, expected, rel_tol=1e-12):
        raise SystemExit("aggregate returned %s" % rows)

    latest = stub.Latest(pb.LatestRequest(selection=pb.Selection(filters=["python/#"]))).latest
    if [s.path for s in latest] != ["python/line1/state", "python/line1/temperature"] \
            or latest[0].string_values[0] != "RUNNING":
        raise SystemExit("latest returned %s" % latest)

    try:
        stub.GetMetadata(pb.GetMetadataRequest(path="python/none"))
        raise SystemExit("GetMetadata of a missing series did not fail")
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise SystemExit("expected NOT_FOUND, got %s" % error.code())
    if token:
        try:
            list(stub.ReadRaw(pb.ReadRawRequest(selection=pb.Selection(filters=["secret/line1/x"]), start_ns=0,
                                                end_ns=t0)))
            raise SystemExit("a read outside the token's grants was not refused")
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.PERMISSION_DENIED:
                raise SystemExit("expected PERMISSION_DENIED, got %s" % error.code())
    print("OK %d samples" % len(values))


if __name__ == "__main__":
    main()
