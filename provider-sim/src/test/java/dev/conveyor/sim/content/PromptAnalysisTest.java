package dev.conveyor.sim.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written scan finds exactly what the regular expressions it replaced find. */
class PromptAnalysisTest {

    private static final Pattern TYPE = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9_]*)");
    private static final Pattern JAVA_METHOD =
            Pattern.compile("\\b([a-z][A-Za-z0-9_]*)\\s*\\(([^;{}()]*)\\)\\s*(?:throws\\s+[\\w.,\\s]+)?\\{");
    private static final Pattern PYTHON_METHOD = Pattern.compile("\\bdef\\s+([a-z_][A-Za-z0-9_]*)\\s*\\(([^()]*)\\)");

    /** Pieces that make and break each expression: keywords, names, brackets, blanks of every kind, combining marks. */
    private static final List<String> PIECES = List.of(
            "class",
            "interface",
            "record",
            "enum",
            "def",
            "throws",
            "if",
            "new",
            "return",
            "void",
            "public",
            "Order",
            "OrderService",
            "place",
            "cancel",
            "_private",
            "x1",
            "9lives",
            "é",
            "List<String>",
            "int[]",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u000B",
            "\f",
            "\u00A0",
            "\u0301",
            "e\u0301",
            "1\u0301",
            "\uD834\uDD67",
            "(",
            ")",
            "{",
            "}",
            ";",
            ",",
            ".",
            ":",
            "=",
            "//",
            "'",
            "\"",
            "IOException",
            "java.io.IOException");

    @Test
    void scanFindsWhatTheExpressionsFindInRandomText() {
        Random random = new Random(20261128);
        for (int i = 0; i < 50_000; i++) {
            var prompt = new StringBuilder();
            int pieces = 1 + random.nextInt(40);
            for (int p = 0; p < pieces; p++) {
                prompt.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            assertSameAnalysis(prompt.toString());
        }
    }

    @Test
    void scanFindsWhatTheExpressionsFindInCode() {
        assertSameAnalysis("""
                public class OrderService implements Service {
                    public Order place(Cart cart, int quantity) { return new Order(cart); }
                    void cancel(long id) throws IOException, java.sql.SQLException { if (id < 0) { throw new IOException(); } }
                    private static <T> List<T> copy(List<T> items)throws  {
                    record Line(String sku, int count) {}
                    enum State { OPEN, CLOSED }
                    interface Listener { void changed(State to); }
                    int noBody(int a);
                    boolean spaced  (  int a  )
                    {
                }
                """);
        assertSameAnalysis("""
                class Greeter:
                    def greet(self, name):
                        return "hi " + name
                    def  _hidden (x) :
                    defnot(y)
                    undef z(a)
                    def broken(a(b)):
                """);
        assertSameAnalysis("");
        assertSameAnalysis("class");
        assertSameAnalysis("foo(");
        assertSameAnalysis("foo() throws");
        assertSameAnalysis("foo() throws X");
        assertSameAnalysis("foo() throws \t{ bar() throws{ baz() throws  {");
        assertSameAnalysis("one() throws { two() throws X{");
        assertSameAnalysis("e\u0301class A e\u0301f() {} foo\u0301bar() { (\u0301class B \u0301def g(x)");
    }

    @Test
    void atMostSixNamesOfEachKind() {
        var prompt = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            prompt.append("class T").append(i).append(" { void m").append(i).append("() {} }\n");
        }
        PromptAnalysis analysis = PromptAnalysis.of(prompt.toString());
        assertThat(analysis.typeNames()).containsExactly("T0", "T1", "T2", "T3", "T4", "T5");
        assertThat(analysis.methodNames()).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        assertSameAnalysis(prompt.toString());
    }

    private static void assertSameAnalysis(String prompt) {
        PromptAnalysis scanned = PromptAnalysis.of(prompt);
        assertThat(scanned.typeNames()).as("types of %s", prompt).isEqualTo(types(prompt));
        assertThat(scanned.methods()).as("methods of %s", prompt).isEqualTo(methods(prompt));
    }

    private static List<String> types(String prompt) {
        var names = new LinkedHashSet<String>();
        var matcher = TYPE.matcher(prompt);
        while (matcher.find() && names.size() < 6) {
            names.add(matcher.group(1));
        }
        return List.copyOf(names);
    }

    private static List<PromptAnalysis.Method> methods(String prompt) {
        var found = new LinkedHashMap<String, PromptAnalysis.Method>();
        var java = JAVA_METHOD.matcher(prompt);
        while (java.find() && found.size() < 6) {
            String name = java.group(1);
            // the return type and the words that are not methods: taken as they are, only the matching is in question
            String returnType = PromptAnalysis.wordBefore(prompt, java.start());
            if (!PromptAnalysis.NOT_METHODS.contains(name) && !PromptAnalysis.NOT_METHODS.contains(returnType)) {
                found.putIfAbsent(
                        name,
                        new PromptAnalysis.Method(
                                name, returnType, java.group(2).strip()));
            }
        }
        var python = PYTHON_METHOD.matcher(prompt);
        while (python.find() && found.size() < 6) {
            found.putIfAbsent(
                    python.group(1),
                    new PromptAnalysis.Method(
                            python.group(1), "", python.group(2).strip()));
        }
        return new ArrayList<>(found.values());
    }
}
