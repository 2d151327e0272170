package dev.conveyor.sim.content;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a prompt asks for, and the types and methods it mentions: type declarations ({@code class},
 * {@code interface}, {@code record}, {@code enum} and a capitalized name), Java methods (a name, its
 * parameters in parentheses, maybe a {@code throws} clause, then a body's opening brace) and Python ones
 * ({@code def}, a name, its parameters). The prompt is scanned by hand for exactly what three regular
 * expressions would find; {@code PromptAnalysisTest} holds them and checks the scan against them. Matching
 * with the expressions cost CPU that the router under test was short of (docs/decisions.md, D6).
 */
public record PromptAnalysis(Task task, List<String> typeNames, List<Method> methods) {

    /** A method found in the prompt; {@code returnType} is empty for Python, {@code parameters} as written. */
    record Method(String name, String returnType, String parameters) {
        boolean returnsNothing() {
            return returnType.equals("void");
        }
    }

    enum Task {
        TEST_GENERATION,
        REFACTORING,
        DOCUMENTATION,
        CODE_ANALYSIS,
        GENERAL
    }

    /** Words that open blocks or expressions, not methods, though they look like method calls. */
    static final Set<String> NOT_METHODS =
            Set.of("if", "for", "while", "switch", "catch", "synchronized", "return", "new", "try", "else", "do");

    private static final int MAX_NAMES = 6;
    private static final List<String> TYPE_KEYWORDS = List.of("class", "interface", "record", "enum");

    static PromptAnalysis of(String prompt) {
        return new PromptAnalysis(task(prompt.toLowerCase(Locale.ROOT)), types(prompt), methods(prompt));
    }

    List<String> methodNames() {
        return methods.stream().map(Method::name).toList();
    }

    String mainType() {
        return typeNames.isEmpty() ? "Subject" : typeNames.getFirst();
    }

    private static Task task(String prompt) {
        if (containsAny(prompt, "unit test", "junit", "test case", "tests for", "test_generation", "write tests")) {
            return Task.TEST_GENERATION;
        }
        if (containsAny(prompt, "refactor")) {
            return Task.REFACTORING;
        }
        if (containsAny(prompt, "document", "javadoc", "docstring", "readme")) {
            return Task.DOCUMENTATION;
        }
        if (containsAny(prompt, "review", "analy", "bug", "smell", "vulnerab", "code_analysis")) {
            return Task.CODE_ANALYSIS;
        }
        return Task.GENERAL;
    }

    private static boolean containsAny(String text, String... needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> types(String prompt) {
        var names = new LinkedHashSet<String>();
        int length = prompt.length();
        int i = 0;
        while (i < length && names.size() < MAX_NAMES) {
            int keywordEnd = isWordStart(prompt, i) ? keywordEnd(prompt, i) : -1;
            int name = keywordEnd < 0 ? -1 : skipSpace(prompt, keywordEnd);
            if (name > keywordEnd && name < length && isUpper(prompt.charAt(name))) {
                int end = identifierEnd(prompt, name);
                names.add(prompt.substring(name, end));
                i = end;
            } else {
                i++;
            }
        }
        return List.copyOf(names);
    }

    /** Where {@code class}, {@code interface}, {@code record} or {@code enum} at {@code at} ends, or -1. */
    private static int keywordEnd(String text, int at) {
        for (String keyword : TYPE_KEYWORDS) {
            if (text.startsWith(keyword, at)) {
                return at + keyword.length();
            }
        }
        return -1;
    }

    private static List<Method> methods(String prompt) {
        var found = new LinkedHashMap<String, Method>();
        int length = prompt.length();
        int i = 0;
        while (i < length && found.size() < MAX_NAMES) {
            if (!isWordStart(prompt, i) || !isLower(prompt.charAt(i))) {
                i++;
                continue;
            }
            int nameEnd = identifierEnd(prompt, i);
            int open = skipSpace(prompt, nameEnd);
            int close = closingParenthesis(prompt, open, ";{}()");
            int end = close < 0 ? -1 : bodyStart(prompt, close + 1);
            if (end < 0) {
                i = nameEnd; // no match can start inside the name: no word boundary there
                continue;
            }
            String name = prompt.substring(i, nameEnd);
            String returnType = wordBefore(prompt, i);
            if (!NOT_METHODS.contains(name) && !NOT_METHODS.contains(returnType)) {
                found.putIfAbsent(
                        name,
                        new Method(
                                name,
                                returnType,
                                prompt.substring(open + 1, close).strip()));
            }
            i = end;
        }
        i = 0;
        while (i < length && found.size() < MAX_NAMES) {
            int def = prompt.indexOf("def", i);
            if (def < 0) {
                break;
            }
            int name = skipSpace(prompt, def + 3);
            if (!isWordStart(prompt, def)
                    || name == def + 3
                    || name >= length
                    || !isPythonNameStart(prompt.charAt(name))) {
                i = def + 1;
                continue;
            }
            int nameEnd = identifierEnd(prompt, name);
            int open = skipSpace(prompt, nameEnd);
            int close = closingParenthesis(prompt, open, "()");
            if (close < 0) {
                i = def + 1;
                continue;
            }
            String methodName = prompt.substring(name, nameEnd);
            found.putIfAbsent(
                    methodName,
                    new Method(methodName, "", prompt.substring(open + 1, close).strip()));
            i = close + 1;
        }
        return List.copyOf(found.values());
    }

    /**
     * After a Java method's parameters, from {@code from}: blanks, maybe {@code throws} with blanks and
     * then names, dots, commas and blanks, and an opening brace. Where that ends, or -1 when it does not
     * follow.
     */
    private static int bodyStart(String text, int from) {
        int next = skipSpace(text, from);
        if (next < text.length() && text.charAt(next) == '{') {
            return next + 1;
        }
        if (!text.startsWith("throws", next)) {
            return -1;
        }
        // throws\s+[\w.,\s]+ : the run of those characters must start with whitespace and hold at least two
        int run = next + "throws".length();
        int runEnd = run;
        while (runEnd < text.length() && isThrowsChar(text.charAt(runEnd))) {
            runEnd++;
        }
        boolean matches =
                runEnd - run >= 2 && isSpace(text.charAt(run)) && runEnd < text.length() && text.charAt(runEnd) == '{';
        return matches ? runEnd + 1 : -1;
    }

    /**
     * When an opening parenthesis is at {@code open}: the index of the closing one, with none of
     * {@code stops} between them; else -1.
     */
    private static int closingParenthesis(String text, int open, String stops) {
        if (open >= text.length() || text.charAt(open) != '(') {
            return -1;
        }
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (stops.indexOf(c) >= 0) {
                return c == ')' ? i : -1;
            }
        }
        return -1;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int identifierEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isWord(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * A word boundary before {@code at}, with a word character at it. As in regular expressions, a
     * non-spacing mark counts as a word character when it follows a letter or digit (over other marks).
     */
    private static boolean isWordStart(String text, int at) {
        if (!isWord(text.charAt(at))) {
            return false;
        }
        if (at == 0) {
            return true;
        }
        int before = text.codePointBefore(at);
        boolean wordBefore = before < 128
                ? isWord((char) before)
                : Character.getType(before) == Character.NON_SPACING_MARK && hasBaseCharacter(text, at - 1);
        return !wordBefore;
    }

    /** Whether the marks ending at {@code from} follow a letter or digit, looked at char by char as regular expressions do. */
    private static boolean hasBaseCharacter(String text, int from) {
        for (int x = from; x >= 0; x--) {
            int c = text.codePointAt(x);
            if (Character.isLetterOrDigit(c)) {
                return true;
            }
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                return false;
            }
        }
        return false;
    }

    /** A word character, ASCII only as in regular expressions. */
    private static boolean isWord(char c) {
        return isLower(c) || isUpper(c) || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isPythonNameStart(char c) {
        return isLower(c) || c == '_';
    }

    /** A blank as regular expressions have it: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean isThrowsChar(char c) {
        return isWord(c) || c == '.' || c == ',' || isSpace(c);
    }

    /** The type-like token that ends just before {@code end}, skipping whitespace; empty when there is none. */
    static String wordBefore(String text, int end) {
        int stop = end;
        while (stop > 0 && Character.isWhitespace(text.charAt(stop - 1))) {
            stop--;
        }
        int start = stop;
        while (start > 0 && isTypeChar(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, stop);
    }

    private static boolean isTypeChar(char c) {
        return Character.isLetterOrDigit(c)
                || c == '_'
                || c == '<'
                || c == '>'
                || c == '['
                || c == ']'
                || c == '.'
                || c == '?'
                || c == ',';
    }
}
