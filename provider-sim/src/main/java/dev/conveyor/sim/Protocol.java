package dev.conveyor.sim;

/** The wire protocol a call arrived in; Azure OpenAI serves OpenAI's models in its own URL and auth shape. */
public enum Protocol {
    OPENAI(Provider.OPENAI),
    AZURE_OPENAI(Provider.OPENAI),
    ANTHROPIC(Provider.ANTHROPIC),
    GEMINI(Provider.GEMINI);

    private final Provider provider;

    Protocol(Provider provider) {
        this.provider = provider;
    }

    public Provider provider() {
        return provider;
    }
}
