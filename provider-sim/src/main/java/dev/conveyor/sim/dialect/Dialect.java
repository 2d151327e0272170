package dev.conveyor.sim.dialect;

import dev.conveyor.sim.Protocol;
import dev.conveyor.sim.engine.Completion;
import dev.conveyor.sim.engine.CompletionCall;
import dev.conveyor.sim.engine.FinishReason;
import dev.conveyor.sim.engine.SimError;
import dev.conveyor.sim.ratelimit.RateLimitState;
import dev.conveyor.sim.server.SimRequest;
import dev.conveyor.sim.server.SimResponse;
import java.util.Map;

/** One provider's wire protocol: how a call is read, and how answers and errors are written. */
public interface Dialect {

    Protocol protocol();

    /** The API key the call carries, or null when it carries none. */
    String apiKey(SimRequest request);

    /** Header checks the provider makes before it reads the body, e.g. Anthropic's required version header. */
    default SimError precheck(SimRequest request) {
        return null;
    }

    /** Reads the call; throws {@link InvalidRequest} when the provider would reject it as malformed. */
    CompletionCall parse(SimRequest request);

    /**
     * The model a call names, read leniently for the ledger of a call that failed before it was parsed; empty when
     * it names none. Only error paths call it.
     */
    String modelHint(SimRequest request);

    SimResponse completion(Completion completion);

    /** The provider's error response; {@code requestId} is the call's id, for bodies that carry one. */
    SimResponse error(SimError error, String requestId);

    /** The protocol's own name for a finish reason, as its body carries it. */
    String finishReason(FinishReason reason);

    /** The provider's rate-limit headers for a call under a limit. */
    Map<String, String> rateLimitHeaders(RateLimitState state);

    /** The response header the provider puts its request id in. */
    default String requestIdHeader() {
        return "x-request-id";
    }
}
