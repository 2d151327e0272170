package dev.conveyor.sim.engine;

import dev.conveyor.sim.LedgerEntry;
import dev.conveyor.sim.ModelSpec;
import dev.conveyor.sim.SimulatorConfig;
import dev.conveyor.sim.content.ContentGenerator;
import dev.conveyor.sim.content.TokenCounter;
import dev.conveyor.sim.dialect.Dialect;
import dev.conveyor.sim.fault.Fault;
import dev.conveyor.sim.fault.FaultInjector;
import dev.conveyor.sim.ledger.Ledger;
import dev.conveyor.sim.ratelimit.RateLimitState;
import dev.conveyor.sim.ratelimit.RateLimiter;
import dev.conveyor.sim.server.Ids;
import dev.conveyor.sim.server.Reply;
import dev.conveyor.sim.server.SimRequest;
import dev.conveyor.sim.server.SimResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The provider's behaviour, whatever the protocol: authenticate, read, look up the model, inject faults, check the
 * context window and the rate limit, write the completion, and record every answered call in the ledger.
 */
public final class CompletionEngine {

    private final Supplier<SimulatorConfig> config;
    private final Ledger ledger;
    private final RateLimiter rateLimiter;
    private final PromptCache promptCache;
    private final FaultInjector faults;
    private final ContentGenerator content;
    private final Clock clock;
    private final Instant startedAt;

    public CompletionEngine(
            Supplier<SimulatorConfig> config,
            Ledger ledger,
            RateLimiter rateLimiter,
            PromptCache promptCache,
            FaultInjector faults,
            ContentGenerator content,
            Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.rateLimiter = rateLimiter;
        this.promptCache = promptCache;
        this.faults = faults;
        this.content = content;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public Reply handle(Dialect dialect, SimRequest request) {
        return handle(dialect, request, false, false);
    }

    /**
     * Answers one request of a provider batch as a synchronous call would be answered (same content, same usage),
     * recorded in the ledger as a batch call. Batch requests have their own queue at the providers: no rate limit,
     * injected fault or latency applies; {@code fail} makes the call a server error instead (a request failing inside
     * the batch).
     */
    public SimResponse answerInBatch(Dialect dialect, SimRequest request, boolean fail) {
        return switch (handle(dialect, request, true, fail)) {
            case Reply.Answer answer -> answer.response();
            case Reply.Hang hang -> throw new IllegalStateException("batch requests never hang");
            case Reply.Refuse refuse -> throw new IllegalStateException("batch requests are never refused");
        };
    }

    private Reply handle(Dialect dialect, SimRequest request, boolean batch, boolean fail) {
        String callerId = Ids.callerRequestId(request);
        var call = new Call(dialect, callerId != null ? callerId : Ids.random("req_"), batch);
        if (fail) {
            return call.fail(dialect.modelHint(request), new SimError.Injected(500));
        }
        if (dialect.apiKey(request) == null) {
            return call.fail(dialect.modelHint(request), new SimError.Unauthorized());
        }
        var precheckError = dialect.precheck(request);
        if (precheckError != null) {
            return call.fail(dialect.modelHint(request), precheckError);
        }
        CompletionCall parsed;
        try {
            parsed = dialect.parse(request);
        } catch (InvalidRequest e) {
            return call.fail(dialect.modelHint(request), new SimError.BadRequest(e.getMessage(), e.param()));
        }
        var spec = config.get()
                .model(parsed.model())
                .filter(model -> model.provider() == dialect.protocol().provider());
        if (spec.isEmpty()) {
            return call.fail(parsed.model(), new SimError.ModelNotFound(parsed.model()));
        }
        return complete(call, parsed, spec.get());
    }

    private Reply complete(Call call, CompletionCall parsed, ModelSpec spec) {
        var random = ThreadLocalRandom.current();
        var fault = call.batch
                ? Fault.NONE
                : faults.decide(spec.faults(), Duration.between(startedAt, clock.instant()), parsed.prompt(), random);
        switch (fault.kind()) {
            case HANG -> {
                call.record(parsed.model(), LedgerEntry.HUNG);
                return new Reply.Hang();
            }
            case REFUSE -> {
                call.record(parsed.model(), LedgerEntry.REFUSED);
                return new Reply.Refuse();
            }
            case ERROR -> {
                return call.fail(
                        parsed.model(),
                        new SimError.Injected(fault.status()),
                        spec.latency().sample(random));
            }
            default -> {}
        }
        if (parsed.maxTokens() != null && parsed.maxTokens() > spec.maxOutputTokens()) {
            return call.fail(parsed.model(), new SimError.BadRequest(maxTokensMessage(parsed, spec), "max_tokens"));
        }
        if (parsed.promptTokens() + parsed.requestedOutputTokens() > spec.contextWindow()) {
            return call.fail(
                    parsed.model(),
                    new SimError.ContextLengthExceeded(
                            parsed.model(),
                            spec.contextWindow(),
                            parsed.promptTokens(),
                            parsed.requestedOutputTokens()));
        }
        RateLimitState limit = null;
        if (spec.rateLimit().limited() && !call.batch) {
            limit = rateLimiter.acquire(
                    parsed.apiKey(),
                    parsed.model(),
                    spec.rateLimit(),
                    parsed.promptTokens() + parsed.requestedOutputTokens());
            if (!limit.allowed()) {
                return call.fail(parsed.model(), new SimError.RateLimited(parsed.model(), limit));
            }
        }
        var completion = write(parsed, spec, fault.kind() == Fault.Kind.CONTENT_FILTER);
        call.recordSuccess(completion);
        var response = call.dialect.completion(completion).header(call.dialect.requestIdHeader(), call.requestId);
        if (limit != null) {
            response = response.addHeaders(call.dialect.rateLimitHeaders(limit));
        }
        var latency = call.batch ? Duration.ZERO : spec.latency().sample(random);
        return new Reply.Answer(response.header("x-request-id", call.requestId), latency);
    }

    private Completion write(CompletionCall parsed, ModelSpec spec, boolean filtered) {
        String text =
                content.generate(parsed.model(), parsed.prompt(), config.get().content());
        int limit = parsed.maxTokens() != null ? parsed.maxTokens() : spec.maxOutputTokens();
        FinishReason reason = FinishReason.STOP;
        if (filtered) {
            // Providers withhold filtered output; the simulator charges none for it.
            text = "";
            reason = FinishReason.CONTENT_FILTER;
        }
        if (TokenCounter.count(text) > limit) {
            text = TokenCounter.truncate(text, limit);
            reason = FinishReason.LENGTH;
        }
        var cache = promptCache.use(parsed.model(), parsed);
        return new Completion(
                parsed.model(),
                text,
                parsed.promptTokens(),
                TokenCounter.count(text),
                cache.readTokens(),
                cache.creationTokens(),
                reason);
    }

    private static String maxTokensMessage(CompletionCall parsed, ModelSpec spec) {
        return "max_tokens is too large: " + parsed.maxTokens() + ". This model supports at most "
                + spec.maxOutputTokens() + " completion tokens, whereas you provided " + parsed.maxTokens() + ".";
    }

    /** One call on its way to the ledger. */
    private final class Call {
        final Dialect dialect;
        final String requestId;
        final boolean batch;

        Call(Dialect dialect, String requestId, boolean batch) {
            this.dialect = dialect;
            this.requestId = requestId;
            this.batch = batch;
        }

        Reply fail(String model, SimError error) {
            return fail(model, error, Duration.ZERO);
        }

        Reply fail(String model, SimError error, Duration delay) {
            record(model, error.status());
            var response = dialect.error(error, requestId).header(dialect.requestIdHeader(), requestId);
            if (error instanceof SimError.RateLimited limited) {
                response = response.addHeaders(dialect.rateLimitHeaders(limited.state()));
            }
            return new Reply.Answer(response.header("x-request-id", requestId), delay);
        }

        void record(String model, int status) {
            ledger.record(new LedgerEntry(
                    requestId, dialect.protocol(), model, 0, 0, 0, status, clock.instant(), 0, null, batch));
        }

        void recordSuccess(Completion completion) {
            ledger.record(new LedgerEntry(
                    requestId,
                    dialect.protocol(),
                    completion.model(),
                    completion.promptTokens(),
                    completion.completionTokens(),
                    completion.cachedTokens(),
                    200,
                    clock.instant(),
                    completion.cacheCreationTokens(),
                    dialect.finishReason(completion.finishReason()),
                    batch));
        }
    }
}
