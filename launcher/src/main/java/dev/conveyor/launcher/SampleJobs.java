package dev.conveyor.launcher;

import java.util.ArrayList;
import java.util.List;

/** The demo's batch: code-analysis and test-generation jobs over small Java sources, for two tenants. */
final class SampleJobs {

    static final List<String> TENANTS = List.of("acme-corp", "globex");

    record Sample(String tenant, String taskType, String file, String prompt) {}

    private static final List<String[]> SOURCES = List.of(
            new String[] {"OrderService.java", """
                    public class OrderService {
                        private final Map<String, Order> orders = new HashMap<>();
                        public void place(Order order) { orders.put(order.id(), order); }
                        public Order find(String id) { return orders.get(id); }
                    }"""},
            new String[] {"PriceCalculator.java", """
                    public class PriceCalculator {
                        public double total(List<Item> items, double discount) {
                            double sum = 0; for (Item i : items) sum += i.price() * i.quantity();
                            return sum - sum * discount;
                        }
                    }"""},
            new String[] {"UserRepository.java", """
                    public class UserRepository {
                        public User byEmail(Connection c, String email) throws SQLException {
                            ResultSet rs = c.createStatement().executeQuery("select * from users where email='" + email + "'");
                            return rs.next() ? new User(rs.getString("id"), email) : null;
                        }
                    }"""},
            new String[] {"RetryPolicy.java", """
                    public class RetryPolicy {
                        public <T> T call(Supplier<T> action, int attempts) {
                            for (int i = 0; ; i++) { try { return action.get(); } catch (RuntimeException e) { if (i == attempts) throw e; } }
                        }
                    }"""},
            new String[] {"InvoiceFormatter.java", """
                    public class InvoiceFormatter {
                        public String format(Invoice invoice) {
                            String s = ""; for (Line l : invoice.lines()) s += l.name() + ": " + l.amount() + "\\n";
                            return s;
                        }
                    }"""});

    private SampleJobs() {}

    /** Twenty jobs: each tenant gets a code review and a test-generation job per source file. */
    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        for (String tenant : TENANTS) {
            for (String[] source : SOURCES) {
                samples.add(new Sample(
                        tenant,
                        "code_analysis",
                        source[0],
                        "Review this Java class for bugs, thread safety and security issues.\n\n" + source[1]));
                samples.add(new Sample(
                        tenant,
                        "test_generation",
                        source[0],
                        "Write JUnit 5 tests for this Java class.\n\n" + source[1]));
            }
        }
        return samples;
    }
}
