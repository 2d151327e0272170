package dev.conveyor.problems;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives every problem body a {@code type} and {@code title} from its status where it has none, and
 * an error answered without a body (an actuator operation's 404 for a name it does not know, a
 * {@code ResponseEntity.status(404).build()}) a problem body of its status.
 */
@RestControllerAdvice
public class TypedProblems implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            return ProblemTypes.typed(problem);
        }
        if (body == null
                && response instanceof ServletServerHttpResponse servlet
                && servlet.getServletResponse().getStatus() >= 400) {
            int status = servlet.getServletResponse().getStatus();
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return ProblemTypes.typed(ProblemDetail.forStatusAndDetail(
                    HttpStatusCode.valueOf(status),
                    status == HttpStatus.NOT_FOUND.value()
                            ? "Nothing is known by this name"
                            : "The request cannot be served as sent"));
        }
        return body;
    }
}
