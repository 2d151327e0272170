package dev.conveyor.router.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.router.provider.ErrorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "401, invalid_api_key, AUTH",
        "429, rate_limit_exceeded, RATE_LIMIT",
        "400, context_length_exceeded, CONTEXT_LENGTH",
        "404, model_not_found, MODEL_NOT_FOUND",
        "400, '', INVALID_REQUEST",
        "500, '', SERVER_ERROR",
        "503, '', OVERLOADED",
        "400, content_filter, CONTENT_FILTER"
    })
    void documentedErrorsMapToOneTypedError(int status, String code, ErrorType expected) {
        assertThat(OpenAiErrors.type(status, code)).isEqualTo(expected);
    }
}
