package dev.conveyor.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanesTest {

    @Test
    void byDefaultInteractiveHasItsOwnTopicAndBulkIsTheRequestTopicItself() {
        RouterSettings.Topics topics = new RouterSettings.Topics("llm.requests", "r", "u", "d", 2, 12);

        assertThat(topics.lanes())
                .containsExactly(
                        Map.entry("interactive", new RouterSettings.Lane("llm.requests.interactive", 4)),
                        Map.entry("bulk", new RouterSettings.Lane("llm.requests", 1)));
        assertThat(topics.consumed())
                .containsExactly(
                        "llm.requests.interactive",
                        "llm.requests",
                        "llm.requests.interactive.fallback-1",
                        "llm.requests.interactive.fallback-2",
                        "llm.requests.fallback-1",
                        "llm.requests.fallback-2");
    }

    @Test
    void aConsumedTopicTellsItsLaneAndPlanStep() {
        RouterSettings.Topics topics = new RouterSettings.Topics("llm.requests", "r", "u", "d", 2, 12);

        assertThat(topics.placeOf("llm.requests.interactive")).isEqualTo(new RouterSettings.Place("interactive", 0));
        assertThat(topics.placeOf("llm.requests.interactive.fallback-2"))
                .isEqualTo(new RouterSettings.Place("interactive", 2));
        assertThat(topics.placeOf("llm.requests.fallback-1")).isEqualTo(new RouterSettings.Place("bulk", 1));
    }

    @Test
    void aConfiguredLaneWithoutATopicGetsRequestsDotItsName() {
        Map<String, RouterSettings.Lane> lanes = new LinkedHashMap<>();
        lanes.put("urgent", new RouterSettings.Lane(null, 9));
        lanes.put("bulk", new RouterSettings.Lane("", 1));

        RouterSettings.Topics topics = new RouterSettings.Topics("req", "r", "u", "d", 1, 12, lanes, null);

        assertThat(topics.laneTopics()).containsExactly("req.urgent", "req");
        assertThat(topics.fallbacks("urgent")).containsExactly("req.urgent.fallback-1");
    }

    @Test
    void aLaneWeightBelowOneOrATopicTwiceFailsNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RouterSettings.Topics(
                        "req", "r", "u", "d", 1, 12, Map.of("bulk", new RouterSettings.Lane("req", 0)), null))
                .withMessage("conveyor.router.topics.lanes.bulk.weight should be greater than 0 (was 0)");
        Map<String, RouterSettings.Lane> twice = new LinkedHashMap<>();
        twice.put("a", new RouterSettings.Lane("t", 1));
        twice.put("b", new RouterSettings.Lane("t", 1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RouterSettings.Topics("req", "r", "u", "d", 1, 12, twice, null))
                .withMessage("conveyor.router.topics.lanes.b.topic t is already another lane's topic");
    }
}
