package io.unshistorian.ingest.mqtt;

/**
 * How the MQTT source reads payloads: {@code AUTO} tells JSON from plain text by the first
 * character ({@code {}, {@code [} or {@code "}: JSON), {@code PLAIN} and {@code JSON} force one.
 */
public enum PayloadFormat { AUTO, PLAIN, JSON }
