/**
 * A simulated ISA-95 plant ({@code SimulatedPlant}): seeded, realistic tag signals for demos and
 * load; it emits samples to a sink and knows nothing of where they go.
 */
package io.unshistorian.ingest.simulation;
