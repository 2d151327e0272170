package dev.conveyor.sim;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What a prompt asks for, and the types and methods it mentions, read with a few regular expressions. */
record PromptAnalysis(Task task, List<String> typeNames, List<Method> methods) {

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

    private static final Pattern TYPE = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9_]*)");
    // Anchored on the method name, not its return type: a leading greedy type pattern would be tried at every
    // position of the prompt, which made content generation the simulator's hottest code.
    private static final Pattern JAVA_METHOD =
            Pattern.compile("\\b([a-z][A-Za-z0-9_]*)\\s*\\(([^;{}()]*)\\)\\s*(?:throws\\s+[\\w.,\\s]+)?\\{");
    private static final Pattern PYTHON_METHOD = Pattern.compile("\\bdef\\s+([a-z_][A-Za-z0-9_]*)\\s*\\(([^()]*)\\)");
    private static final Set<String> NOT_METHODS =
            Set.of("if", "for", "while", "switch", "catch", "synchronized", "return", "new", "try", "else", "do");
    private static final int MAX_NAMES = 6;

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
        var matcher = TYPE.matcher(prompt);
        while (matcher.find() && names.size() < MAX_NAMES) {
            names.add(matcher.group(1));
        }
        return List.copyOf(names);
    }

    private static List<Method> methods(String prompt) {
        var found = new LinkedHashMap<String, Method>();
        var java = JAVA_METHOD.matcher(prompt);
        while (java.find() && found.size() < MAX_NAMES) {
            String name = java.group(1);
            String returnType = wordBefore(prompt, java.start());
            if (!NOT_METHODS.contains(name) && !NOT_METHODS.contains(returnType)) {
                found.putIfAbsent(
                        name, new Method(name, returnType, java.group(2).strip()));
            }
        }
        var python = PYTHON_METHOD.matcher(prompt);
        while (python.find() && found.size() < MAX_NAMES) {
            found.putIfAbsent(
                    python.group(1),
                    new Method(python.group(1), "", python.group(2).strip()));
        }
        return List.copyOf(found.values());
    }

    /** The type-like token that ends just before {@code end}, skipping whitespace; empty when there is none. */
    private static String wordBefore(String text, int end) {
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
