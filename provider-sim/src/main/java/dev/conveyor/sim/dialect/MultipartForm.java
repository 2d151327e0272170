package dev.conveyor.sim.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The parts of a {@code multipart/form-data} body by field name, as OpenAI's file upload reads them. */
record MultipartForm(Map<String, Part> parts) {

    /** One field: its file name (null for a plain field) and its bytes. */
    record Part(String filename, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    /** Reads the body; null when the content type is not multipart or names no boundary. */
    static MultipartForm parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        var boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return null;
        }
        byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        var parts = new HashMap<String, Part>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            part(Arrays.copyOfRange(body, skipLineBreak(body, start), next), parts);
            at = next;
        }
        return new MultipartForm(parts);
    }

    private static void part(byte[] raw, Map<String, Part> parts) {
        int headersEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (headersEnd < 0) {
            return;
        }
        String headers = new String(raw, 0, headersEnd, StandardCharsets.UTF_8);
        int end = raw.length;
        if (end >= 2 && raw[end - 2] == '\r' && raw[end - 1] == '\n') {
            end -= 2;
        }
        var name = NAME.matcher(headers);
        if (name.find()) {
            var filename = FILENAME.matcher(headers);
            parts.put(
                    name.group(1),
                    new Part(
                            filename.find() ? filename.group(1) : null,
                            Arrays.copyOfRange(raw, headersEnd + 4, Math.max(headersEnd + 4, end))));
        }
    }

    private static int skipLineBreak(byte[] body, int at) {
        return at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n' ? at + 2 : at;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
