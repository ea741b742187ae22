/** End-to-end MQTT and Sparkplug B ingest through a real broker. */
package io.unshistorian.benchmarks.mqtt;
