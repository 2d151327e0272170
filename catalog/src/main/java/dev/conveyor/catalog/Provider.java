package dev.conveyor.catalog;

/**
 * A provider of models.
 *
 * @param protocol the wire protocol its API speaks
 * @param local a self-hosted server (vLLM, Ollama): no price, preferred by {@code local-first}
 * @param pricingPage where its prices come from
 */
public record Provider(String id, Protocol protocol, boolean local, String pricingPage) {}
