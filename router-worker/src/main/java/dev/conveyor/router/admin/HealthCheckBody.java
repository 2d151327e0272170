package dev.conveyor.router.admin;

import dev.conveyor.problems.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /actuator/providers/{name}} takes no body fields: the actuator would pass each one to
 * the operation as an argument, so {@code {"name": "anthropic"}} checked another provider than the
 * path names, and any other field was silently ignored. A body that is not empty, {@code null} or
 * {@code {}} is a 400 problem naming its first field; anything else goes on as it came.
 */
final class HealthCheckBody extends OncePerRequestFilter {

    /** Larger bodies are refused without reading further. */
    private static final int MAX_BYTES = 64 * 1024;

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
        String field = body.length > MAX_BYTES ? "/" : firstField(body);
        if (field != null) {
            refuse(response, field);
            return;
        }
        chain.doFilter(new Replayed(request, body), response);
    }

    /** The pointer to the body's first field, {@code /} for a body that is no object, or null when it has none. */
    private String firstField(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            return null; // malformed JSON: the actuator answers it
        }
        if (tree == null || tree.isMissingNode() || tree.isNull() || (tree.isObject() && tree.isEmpty())) {
            return null;
        }
        if (!tree.isObject()) {
            return "/";
        }
        return "/" + tree.propertyNames().iterator().next().replace("~", "~0").replace("/", "~1");
    }

    private void refuse(HttpServletResponse response, String field) throws IOException {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", ProblemTypes.TYPE_BASE + ProblemTypes.slug(400));
        problem.put("title", "Invalid request");
        problem.put("status", HttpStatus.BAD_REQUEST.value());
        problem.put("detail", "a health check takes no body fields: name the provider in the path, send {} or nothing");
        problem.put("field", field);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /** The request with its body, already read here, readable once more. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
