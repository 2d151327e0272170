package dev.conveyor.bench;

/**
 * The simulator's limit for one model (per API key): at most {@code requests} calls and {@code
 * tokens} tokens (prompt plus requested output) in each fixed window; 0 means that dimension is
 * unlimited. Written {@code MODEL=REQUESTS:TOKENS} on the command line.
 */
record ProviderLimit(String model, long requests, long tokens) {

    ProviderLimit {
        if (requests < 0 || tokens < 0 || requests + tokens == 0) {
            throw new IllegalArgumentException("a limit of " + model + " needs requests or tokens above 0");
        }
    }

    static ProviderLimit parse(String spec) {
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':', eq + 1);
        if (eq < 1 || colon < 0) {
            throw new IllegalArgumentException("--limit needs MODEL=REQUESTS:TOKENS, was " + spec);
        }
        try {
            return new ProviderLimit(
                    spec.substring(0, eq),
                    Long.parseLong(spec.substring(eq + 1, colon)),
                    Long.parseLong(spec.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--limit needs MODEL=REQUESTS:TOKENS in whole numbers, was " + spec);
        }
    }

    /**
     * Calls one window admits when each is charged {@code meanTokens} on average: the request
     * limit, or the token limit over the mean charge when that is lower.
     */
    double callsPerWindow(double meanTokens) {
        double byRequests = requests == 0 ? Double.POSITIVE_INFINITY : requests;
        double byTokens = tokens == 0 || meanTokens <= 0 ? Double.POSITIVE_INFINITY : tokens / meanTokens;
        return Math.min(byRequests, byTokens);
    }

    /** Which limit binds at that mean charge: "requests" or "tokens". */
    String binding(double meanTokens) {
        double byTokens = tokens == 0 || meanTokens <= 0 ? Double.POSITIVE_INFINITY : tokens / meanTokens;
        return requests != 0 && requests <= byTokens ? "requests" : "tokens";
    }
}
