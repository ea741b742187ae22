/**
 * Store-and-forward from an edge historian to a central one ({@code docs/forwarding.md}): the
 * {@link io.unshistorian.forward.Forwarder} tails the local write-ahead log through the embedded
 * change feed from a durable cursor ({@link io.unshistorian.forward.ForwardState}), sends batches
 * through the public gRPC Write API and moves the cursor only on the central's acknowledgement.
 */
package io.unshistorian.forward;
