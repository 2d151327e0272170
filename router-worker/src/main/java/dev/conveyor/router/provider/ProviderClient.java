package dev.conveyor.router.provider;

/**
 * The provider SPI: one implementation per wire protocol, one instance per configured provider.
 * Calls block; the router runs each on its own virtual thread.
 */
public interface ProviderClient {

    /** The configured provider name, e.g. {@code openai} or {@code azure-east}. */
    String name();

    Completion complete(ProviderCall call) throws ProviderException;
}
