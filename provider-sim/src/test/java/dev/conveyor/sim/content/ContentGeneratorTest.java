package dev.conveyor.sim.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ContentGeneratorTest {

    private static final String CODE = """
            public class OrderService {
                public Order place(Cart cart, int quantity) { return new Order(cart); }
                void cancel(long id) throws IOException { if (id < 0) { throw new IOException(); } }
            }
            """;

    private final ContentGenerator generator = new ContentGenerator();

    @Test
    void testGenerationPromptGetsAJUnitSkeletonNamingTheClassAndItsMethods() {
        String answer = generator.generate("gpt-4o", "Write unit tests for this class:\n" + CODE);

        assertThat(answer)
                .contains("class OrderServiceTest")
                .contains("private final OrderService orderService = new OrderService();")
                .contains("@Test")
                .contains("var result = orderService.place(/* Cart cart, int quantity */);")
                .contains("orderService.cancel(/* long id */);")
                .doesNotContain("var result = orderService.cancel")
                .doesNotContain("orderService.if");
    }

    @Test
    void reviewPromptGetsAStructuredReviewOfTheMethodsFound() {
        String answer = generator.generate("gpt-4o", "Please review this code:\n" + CODE);

        assertThat(answer)
                .startsWith("## Review of `OrderService`")
                .contains("**Findings**")
                .contains("1. `place`")
                .contains("2. `cancel`")
                .contains("**Severity:**");
    }

    @Test
    void refactoringPromptGetsAPlanForTheFirstMethod() {
        String answer = generator.generate("gpt-4o", "Refactor this:\n" + CODE);

        assertThat(answer).contains("Refactoring plan for `OrderService`").contains("validatePlace");
    }

    @Test
    void documentationPromptGetsJavadocForEachMethod() {
        String answer = generator.generate("gpt-4o", "Write Javadoc for:\n" + CODE);

        assertThat(answer).contains("OrderService keeps").contains("* Place.").contains("* Cancel.");
    }

    @Test
    void pythonFunctionsAreFoundToo() {
        String answer =
                generator.generate("gpt-4o", "Write unit tests for class Parser:\n def parse_line(self, line):");

        assertThat(answer).contains("parser.parse_line(/* self, line */)");
    }

    @Test
    void sameModelAndPromptGiveTheSameAnswer() {
        assertThat(generator.generate("gpt-4o", "review " + CODE))
                .isEqualTo(generator.generate("gpt-4o", "review " + CODE));
    }

    @Test
    void noAnswerClaimsToComeFromARealModel() {
        Stream.of("Write unit tests for " + CODE, "review " + CODE, "refactor " + CODE, "document " + CODE, "hello")
                .map(prompt -> generator.generate("claude-sonnet-4-5", prompt))
                .forEach(answer -> {
                    assertThat(answer).endsWith(ContentGenerator.SIGNATURE);
                    assertThat(answer.toLowerCase(Locale.ROOT))
                            .doesNotContain(
                                    "i am claude", "i'm claude", "as an ai", "gpt", "gemini", "openai", "anthropic");
                });
    }
}
