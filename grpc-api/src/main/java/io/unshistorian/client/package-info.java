/**
 * The client side of the gRPC API {@code historian.v1} (the {@code .proto} files and generated stubs
 * live in this module too): {@code WriteStream}, one Write call with acknowledgements handed back in
 * order. What a client application or the edge forwarder depends on; no server, storage or Arrow.
 * The API is documented in {@code historian.proto} and {@code docs/grpc.md}.
 */
package io.unshistorian.client;
