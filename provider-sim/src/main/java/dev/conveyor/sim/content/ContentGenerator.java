package dev.conveyor.sim.content;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes plausible answers for code analysis, refactoring, documentation and test generation prompts, the same text
 * for the same model and prompt. Every answer says it was simulated: nothing here claims to come from a real model.
 */
public final class ContentGenerator {

    static final String SIGNATURE = "(Simulated by Conveyor provider-sim; no language model wrote this.)";

    private static final List<String> FINDINGS = List.of(
            "validates its arguments late; check for null and out-of-range input at the top and fail with a message naming the argument",
            "catches a broad exception and carries on; catch the specific exception and let the caller decide",
            "mixes computation with I/O; move the pure part into its own method so it can be tested alone",
            "is longer than it needs to be; extract the loop body into a method named for what it does",
            "mutates shared state without synchronization; make the field final or confine it to one thread",
            "returns null for \"nothing found\"; return an Optional or an empty collection instead",
            "builds strings in a loop; collect with a StringBuilder or Collectors.joining");
    private static final List<String> SUMMARIES = List.of(
            "The code is readable and mostly well structured; a few changes would make it safer to change.",
            "The design is sound, but error handling and input validation need attention.",
            "The logic is correct for the common path; edge cases are where the risk is.");

    private static final int CACHEABLE_PROMPT_CHARS = 8 * 1024;
    private static final int CACHED_ANSWERS = 4096;

    /** Answers already written, for prompts short enough to keep; benchmarks repeat a few prompts many times. */
    private final Map<String, String> recent = new ConcurrentHashMap<>();

    public String generate(String model, String prompt) {
        if (prompt.length() > CACHEABLE_PROMPT_CHARS) {
            return write(model, prompt);
        }
        String key = model + '\u0000' + prompt;
        String answer = recent.get(key);
        if (answer == null) {
            answer = write(model, prompt);
            if (recent.size() >= CACHED_ANSWERS) {
                recent.clear();
            }
            recent.put(key, answer);
        }
        return answer;
    }

    private static String write(String model, String prompt) {
        var random = new SplittableRandom(((long) model.hashCode() << 32) ^ prompt.hashCode());
        var analysis = PromptAnalysis.of(prompt);
        String body = switch (analysis.task()) {
            case TEST_GENERATION -> testSkeleton(analysis);
            case REFACTORING -> refactoringPlan(analysis, random);
            case DOCUMENTATION -> documentation(analysis);
            case CODE_ANALYSIS -> review(analysis, random);
            case GENERAL -> general(prompt, random);
        };
        return body + "\n\n" + SIGNATURE;
    }

    private static String review(PromptAnalysis analysis, SplittableRandom random) {
        var text = new StringBuilder("## Review of `")
                .append(analysis.mainType())
                .append("`\n\n**Summary:** ")
                .append(pick(SUMMARIES, random))
                .append("\n\n**Findings**\n");
        var subjects = subjects(analysis);
        for (int i = 0; i < subjects.size(); i++) {
            text.append(i + 1)
                    .append(". `")
                    .append(subjects.get(i))
                    .append("` ")
                    .append(pick(FINDINGS, random))
                    .append(".\n");
        }
        return text.append("\n**Severity:** ")
                .append(List.of("low", "medium", "medium", "high").get(random.nextInt(4)))
                .append("\n\n**Next step:** add a test for each finding before changing the code.")
                .toString();
    }

    private static String refactoringPlan(PromptAnalysis analysis, SplittableRandom random) {
        String type = analysis.mainType();
        String method = analysis.methodNames().isEmpty()
                ? "process"
                : analysis.methodNames().getFirst();
        return "## Refactoring plan for `" + type + "`\n\n"
                + "1. Extract the validation at the start of `" + method + "` into `validate"
                + capitalize(method) + "`.\n"
                + "2. Replace the nested conditionals with early returns.\n"
                + "3. " + capitalize(pick(FINDINGS, random)) + ".\n\n"
                + "```java\n"
                + "private static void validate" + capitalize(method) + "(Object input) {\n"
                + "    java.util.Objects.requireNonNull(input, \"input\");\n"
                + "}\n"
                + "```\n\n"
                + "Behaviour is unchanged; run the existing tests after each step.";
    }

    private static String documentation(PromptAnalysis analysis) {
        var text = new StringBuilder("```java\n/**\n * ")
                .append(analysis.mainType())
                .append(" keeps the rules for one part of the domain in one place.\n *\n")
                .append(" * <p>Instances are immutable and safe to share between threads.\n */\n```\n");
        for (String method : analysis.methodNames()) {
            text.append("\n```java\n/**\n * ")
                    .append(capitalize(words(method)))
                    .append(".\n *\n * @throws IllegalArgumentException when an argument is out of range\n */\n```\n");
        }
        return text.toString().strip();
    }

    private static String testSkeleton(PromptAnalysis analysis) {
        String type = analysis.mainType();
        String field = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        var text = new StringBuilder("Here is a JUnit 5 test skeleton for `")
                .append(type)
                .append("`:\n\n```java\nimport static org.assertj.core.api.Assertions.assertThat;\n\n")
                .append("import org.junit.jupiter.api.Test;\n\nclass ")
                .append(type)
                .append("Test {\n\n    private final ")
                .append(type)
                .append(' ')
                .append(field)
                .append(" = new ")
                .append(type)
                .append("();\n");
        var methods = analysis.methods().isEmpty()
                ? List.of(new PromptAnalysis.Method("behaviour", "Object", ""))
                : analysis.methods();
        for (var method : methods) {
            String call = field + '.' + method.name() + "(" + placeholder(method) + ");";
            text.append("\n    @Test\n    void ").append(method.name());
            if (method.returnsNothing()) {
                text.append("HasTheExpectedEffect() {\n        ")
                        .append(call)
                        .append("\n\n        // assert the state or the interactions the call changed\n    }\n");
            } else {
                text.append("ReturnsTheExpectedResult() {\n        var result = ")
                        .append(call)
                        .append("\n\n        assertThat(result).isNotNull();\n    }\n");
            }
        }
        return text.append("}\n```\n\nFill in the arguments and expected values for each case.")
                .toString();
    }

    // The parameters as written, inside a block comment, so the reader sees what to pass.
    private static String placeholder(PromptAnalysis.Method method) {
        return method.parameters().isEmpty() ? "" : "/* " + method.parameters() + " */";
    }

    private static String general(String prompt, SplittableRandom random) {
        String topic = prompt.strip().lines().findFirst().orElse("your request");
        topic = topic.length() > 80 ? topic.substring(0, 80) + "…" : topic;
        return "You asked: \"" + topic + "\"\n\n" + pick(SUMMARIES, random)
                + " Share the code in question and say whether you want a review, a refactoring, documentation or tests.";
    }

    private static List<String> subjects(PromptAnalysis analysis) {
        if (!analysis.methodNames().isEmpty()) {
            return analysis.methodNames()
                    .subList(0, Math.min(3, analysis.methodNames().size()));
        }
        return List.of(analysis.mainType());
    }

    private static String pick(List<String> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "placeOrder" becomes "place order". */
    private static String words(String camelCase) {
        return camelCase
                .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replace('_', ' ')
                .toLowerCase(Locale.ROOT);
    }
}
